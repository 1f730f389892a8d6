package card

import (
	"bytes"
	"compress/zlib"
	"hash/adler32"
	"image"
	"image/png"
	"io"
	"math/bits"
	"math/rand/v2"
	"slices"
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
		lens := huffLengths(nil, tt.freq, tt.limit, tt.least, new(scratch))
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

// inflate decodes a zlib stream, failing t on an error.
func inflate(t *testing.T, z []byte) []byte {
	t.Helper()
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// FuzzDeflateRows compresses any bytes in rows of any length, and wants
// compress/zlib to read them back (checking the Adler-32 sum as it
// does).
func FuzzDeflateRows(f *testing.F) {
	f.Add([]byte{}, 1)
	f.Add([]byte{7}, 1)
	f.Add([]byte("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaabaaaaaaaaa"), 5)
	f.Add(bytes.Repeat([]byte{0, 1, 2, 2, 2, 2, 9}, 300), 7)
	f.Add(bytes.Repeat([]byte{3}, 1000), 1000)
	f.Add(bytes.Repeat([]byte("xy"), 40000), 40000) // rows farther apart than the window
	f.Fuzz(func(t *testing.T, data []byte, stride int) {
		if stride <= 0 {
			stride = 1 - stride%70000
		}
		if stride > 70000 {
			stride = stride%70000 + 1
		}
		if got := inflate(t, deflateRows(nil, data, stride)); !bytes.Equal(got, data) {
			t.Fatalf("stride %d: %d bytes read back differ from the %d written", stride, len(got), len(data))
		}
	})
}

// specImage makes the rows of a w × h paletted image, each a filter byte
// of 0 and a palette index a pixel, from spec, read over and over as
// drawing instructions: literal pixels, runs, and copies of the row
// above, of lengths from 1 to 65536. It returns the rows and the number of
// colours used.
func specImage(spec []byte, w, h int) ([]byte, int) {
	stride := w + 1
	data := make([]byte, stride*h)
	if len(spec) == 0 {
		return data, 1
	}
	k := 0
	next := func() int {
		b := spec[k%len(spec)]
		k++
		return int(b)
	}
	for i := 0; i < len(data); {
		switch next() % 4 {
		case 0: // a pixel
			data[i] = byte(next())
			i++
		case 1: // a run
			n, v := 1+(next()<<8|next()), byte(next())
			for ; n > 0 && i < len(data); n-- {
				data[i] = v
				i++
			}
		case 2: // a copy of the row above
			n := 1 + (next()<<8 | next())
			for ; n > 0 && i < len(data); n-- {
				if i >= stride {
					data[i] = data[i-stride]
				}
				i++
			}
		case 3: // the rest of the row as above
			for i < len(data) {
				if i >= stride {
					data[i] = data[i-stride]
				}
				i++
				if i%stride == 0 {
					break
				}
			}
		}
	}
	colours := 1
	for i := range data {
		if i%stride == 0 {
			data[i] = 0 // the filter byte: none
		}
		colours = max(colours, int(data[i])+1)
	}
	return data, colours
}

// FuzzWriteIndexed writes paletted images as PNGs, and wants image/png
// to decode the same palette and pixels.
func FuzzWriteIndexed(f *testing.F) {
	f.Add([]byte{}, uint16(1), uint16(1))
	f.Add([]byte{0, 5}, uint16(1), uint16(1))
	f.Add([]byte{0, 200, 1, 0, 40, 3}, uint16(Width), uint16(1))
	f.Add([]byte{1, 4, 0, 0, 0, 9, 1, 1, 3, 3}, uint16(Width), uint16(Height))
	f.Add([]byte{0, 1, 0, 2, 0, 3, 2, 0, 5, 1, 0, 1, 255}, uint16(17), uint16(300))
	f.Add([]byte{3, 0, 250, 1, 255, 255, 2}, uint16(2000), uint16(40))
	f.Fuzz(func(t *testing.T, spec []byte, w, h uint16) {
		width, height := 1+int(w)%2048, 1+int(h)%700
		data, colours := specImage(spec, width, height)
		palette := make([]byte, 0, 3*colours)
		for i := range colours {
			palette = append(palette, byte(i), byte(255-i), byte(7*i))
		}
		b := writeIndexed(data, width+1, height, palette)
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%d × %d: %v", width, height, err)
		}
		p, ok := img.(*image.Paletted)
		if !ok {
			t.Fatalf("%d × %d: decoded as %T, want *image.Paletted", width, height, img)
		}
		if p.Bounds() != image.Rect(0, 0, width, height) || len(p.Palette) != colours {
			t.Fatalf("%d × %d, %d colours: decoded %v with %d", width, height, colours, p.Bounds(), len(p.Palette))
		}
		for i, c := range p.Palette {
			if r, g, b, a := c.RGBA(); r>>8 != uint32(i) || g>>8 != uint32(255-i) || b>>8 != uint32(byte(7*i)) || a != 0xffff {
				t.Fatalf("palette entry %d: %v", i, c)
			}
		}
		for y := range height {
			if got, want := p.Pix[y*p.Stride:y*p.Stride+width], data[y*(width+1)+1:(y+1)*(width+1)]; !bytes.Equal(got, want) {
				t.Fatalf("%d × %d: row %d differs", width, height, y)
			}
		}
	})
}

// TestDeflateLongestCodes compresses the ruler sequence (the number of
// times 2 divides 1, 2, 3, … 2¹⁸−1): byte k is twice as frequent as byte
// k+1, so that an optimal code would be 18 bits long, longer than
// DEFLATE's 15, and no byte repeats the one before it: literals only,
// their code cut to 15 bits.
func TestDeflateLongestCodes(t *testing.T) {
	var freq [286]int
	data := make([]byte, 0, 1<<18)
	for i := 1; i < 1<<18; i++ {
		b := byte(bits.TrailingZeros(uint(i)))
		data = append(data, b)
		freq[b]++
	}
	freq[256] = 1 // the end of the block
	if slices.Max(huffman(nil, freq[:], new(scratch))) <= 15 {
		t.Fatalf("the frequencies need no limit: %v", huffman(nil, freq[:20], new(scratch)))
	}
	if lens := huffLengths(nil, freq[:], 15, 2, new(scratch)); slices.Max(lens) > 15 {
		t.Errorf("longest code %d bits, more than the limit of 15", slices.Max(lens))
	}
	if got := inflate(t, deflateRows(nil, data, len(data))); !bytes.Equal(got, data) {
		t.Errorf("%d bytes read back differ", len(data))
	}
}

// TestSums wants Adler-32's sums, for lengths about the rounds of 32
// bytes, the 2048 bytes at which lanes are weighted and the 65536 at
// which the sums are reduced, of bytes as large as they come.
func TestSums(t *testing.T) {
	const mod = 65521
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{0, 1, 31, 32, 33, 1201, 2047, 2048, 2049, 5000, 65535, 65536, 65537, 200000} {
		for _, fill := range []string{"ff", "random"} {
			p := make([]byte, n)
			for i := range p {
				p[i] = 0xff
				if fill == "random" {
					p[i] = byte(rng.IntN(256))
				}
			}
			s, w := sums(p)
			sum := adler32.Checksum(p)
			if a, b := (1+s)%mod, (uint64(n)%mod+w)%mod; uint32(b<<16|a) != sum {
				t.Errorf("%d bytes of %s: sums give %#x, want %#x", n, fill, b<<16|a, sum)
			}
		}
	}
}

func BenchmarkSums(b *testing.B) {
	p := make([]byte, stride)
	for i := range p {
		p[i] = byte(i * 7)
	}
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		sums(p)
	}
}

// TestZeroBytes compares zeroBytes with a byte-by-byte look, on words
// with zero bytes beside bytes of 1, 0x7f, 0x80 and 0xff, whose borrows
// and carries a wrong formula would let through.
func TestZeroBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 100000 {
		var x uint64
		var want uint64
		for k := range 8 {
			var b uint64
			switch rng.IntN(3) {
			case 0:
				b = 0
			case 1:
				b = uint64(rng.IntN(256))
			default:
				b = []uint64{1, 0x80, 0xff, 0x7f}[rng.IntN(4)]
			}
			if b == 0 {
				want |= 1 << k
			}
			x |= b << (8 * k)
		}
		if got := zeroBytes(x); got != want {
			t.Fatalf("%#x: %08b, want %08b", x, got, want)
		}
	}
}
