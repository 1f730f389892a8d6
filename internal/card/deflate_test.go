package card

import (
	"bytes"
	"compress/zlib"
	"hash/adler32"
	"io"
	"math/rand/v2"
	"testing"
)

// TestDeflateRows compresses rows of runs of every length, copies of the
// row above and random bytes, and wants compress/zlib to read them back.
func TestDeflateRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tt := range []struct{ stride, rows, alphabet int }{
		{1, 1, 2}, {2, 3, 2}, {7, 40, 3}, {1201, 630, 4}, {1201, 630, 256}, {33000, 3, 2}, {5000, 20, 1},
	} {
		data := make([]byte, tt.stride*tt.rows)
		for i := 0; i < len(data); {
			y := i / tt.stride
			switch k := rng.IntN(4); {
			case k == 0 && y > 0: // a copy of the row above, in part
				n := min(len(data)-i, 1+rng.IntN(2*tt.stride))
				for j := range n {
					data[i+j] = data[i+j-tt.stride]
				}
				i += n
			case k == 1: // a run
				n := min(len(data)-i, 1+rng.IntN(700))
				v := byte(rng.IntN(tt.alphabet))
				for j := range n {
					data[i+j] = v
				}
				i += n
			default:
				data[i] = byte(rng.IntN(tt.alphabet))
				i++
			}
		}
		z := deflateRows(nil, data, tt.stride)
		r, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatalf("stride %d: %v", tt.stride, err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("stride %d: %v", tt.stride, err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("stride %d: %d bytes read back differ from the %d written", tt.stride, len(got), len(data))
		}
	}
}

// TestAdlerRows wants the checksum summed by rows to be Adler-32's.
func TestAdlerRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, stride := range []int{1, 2, 5, 1201, 6000} {
		for _, n := range []int{0, 1, stride, 3*stride + 1, 40 * stride} {
			data := make([]byte, n)
			for i := range data {
				switch {
				case i >= stride && rng.IntN(3) > 0:
					data[i] = data[i-stride]
				default:
					data[i] = byte(rng.IntN(256))
				}
			}
			for i := 0; i+stride <= n && i < 5*stride; i++ {
				data[i] = 0xff // sums that need reducing
			}
			if got, want := adlerRows(data, stride), adler32.Checksum(data); got != want {
				t.Errorf("stride %d, %d bytes: %#x, want %#x", stride, n, got, want)
			}
		}
	}
}

// TestHuffLengths wants complete codes no longer than the limit, even for
// frequencies as skewed as Fibonacci's numbers.
func TestHuffLengths(t *testing.T) {
	fib := make([]int, 40)
	fib[0], fib[1] = 1, 1
	for i := 2; i < len(fib); i++ {
		fib[i] = fib[i-1] + fib[i-2]
	}
	for _, tt := range []struct {
		freq         []int
		limit, least int
	}{
		{fib, 15, 2}, {fib, 7, 2}, {[]int{0, 0, 5}, 15, 2}, {[]int{0, 0, 0}, 15, 1}, {[]int{3, 3, 3, 3}, 15, 2},
	} {
		lens := huffLengths(tt.freq, tt.limit, tt.least)
		kraft, n := 0.0, 0
		for _, l := range lens {
			if l > 0 {
				kraft += 1 / float64(uint(1)<<l)
				n++
			}
			if int(l) > tt.limit {
				t.Errorf("%v: length %d over %d", tt.freq, l, tt.limit)
			}
		}
		if n < tt.least || n > 1 && kraft != 1 {
			t.Errorf("%v: lengths %v: %d codes, Kraft sum %v", tt.freq, lens, n, kraft)
		}
	}
}
