package card

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"math/bits"
)

// deflateRows compresses data, rows of stride bytes, into a zlib stream,
// appended to out. It is a compressor for a card's palette indices, whose
// rows are mostly runs of a colour or copies of the row above: one block
// with the fixed Huffman codes of RFC 1951, with matches at a distance of
// one byte (a run) or of one row (the same bytes as above), chosen
// greedily, the longer first. It costs a small part of what
// compress/flate's fastest level does, for files a little larger, and its
// output depends on data only.
func deflateRows(out, data []byte, stride int) []byte {
	out = append(out, 0x78, 0x01) // zlib: deflate, 32 KB window, no dictionary
	var bw bitWriter
	bw.out = out
	bw.write(3, 3) // BFINAL, BTYPE 01: fixed codes
	dist1 := distCode(1)
	distRow := distCode(stride)
	for i := 0; i < len(data); {
		b := data[i]
		run, up := 0, 0
		if i >= stride && stride <= 32768 {
			up = matchLen(data[i:], data[i-stride:])
		}
		if i > 0 && up < 258 { // a long copy is taken without looking further
			run = matchLen(data[i:], data[i-1:])
		}
		n, d := run, dist1
		if up > run {
			n, d = up, distRow
		}
		if n < 3 {
			bw.write(litCodes[b].code, litCodes[b].n)
			i++
			continue
		}
		i += n
		for n > 0 {
			l := min(n, 258)
			if n-l > 0 && n-l < 3 {
				l = n - 3 // leave a match of at least 3
			}
			lc := lenCodes[l]
			bw.write(lc.code, lc.n)
			bw.write(d.code, d.n)
			n -= l
		}
	}
	bw.write(litCodes[256].code, litCodes[256].n) // end of block
	out = bw.flush()
	return binary.BigEndian.AppendUint32(out, adlerRows(data, stride))
}

// adlerRows returns the Adler-32 checksum of data, rows of stride bytes,
// summing a row like the one above it from that row's sums.
func adlerRows(data []byte, stride int) uint32 {
	const mod = 65521
	a, b := uint64(1), uint64(0)
	var ra, rb uint64 // the sums of the last row: its bytes, and weighted
	var prev []byte
	for len(data) > 0 {
		row := data[:min(stride, len(data))]
		data = data[len(row):]
		n := uint64(len(row))
		if prev == nil || len(row) != len(prev) || !bytes.Equal(row, prev) {
			s := adler32.Checksum(row)
			ra = (uint64(s&0xffff) + mod - 1) % mod
			rb = (uint64(s>>16) + mod - n%mod) % mod
		}
		b = (b + n%mod*a + rb) % mod
		a = (a + ra) % mod
		prev = row
	}
	return uint32(b<<16 | a)
}

// matchLen returns how many bytes a and b have in common from the start.
// b may overlap a from behind, as a match can.
func matchLen(a, b []byte) int {
	n := 0
	for len(a)-n >= 8 && len(b)-n >= 8 {
		x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:])
		if x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
		n += 8
	}
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// A huffCode is a code with its extra bits, ready to write: n bits of
// code, least significant first.
type huffCode struct {
	code uint64
	n    uint
}

// bitWriter writes bits least significant first, as deflate packs them.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) write(code uint64, n uint) {
	w.acc |= code << w.nacc
	w.nacc += n
	if w.nacc >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.acc))
		w.acc >>= 32
		w.nacc -= 32
	}
}

func (w *bitWriter) flush() []byte {
	for w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= min(w.nacc, 8)
	}
	return w.out
}

// reverse returns the n low bits of c in reverse order: Huffman codes are
// packed most significant bit first.
func reverse(c uint64, n uint) uint64 {
	return bits.Reverse64(c) >> (64 - n)
}

// fixedLit returns the fixed code of a literal or length symbol (RFC 1951,
// 3.2.6).
func fixedLit(s int) huffCode {
	switch {
	case s < 144:
		return huffCode{reverse(uint64(0x30+s), 8), 8}
	case s < 256:
		return huffCode{reverse(uint64(0x190+s-144), 9), 9}
	case s < 280:
		return huffCode{reverse(uint64(s-256), 7), 7}
	}
	return huffCode{reverse(uint64(0xc0+s-280), 8), 8}
}

// litCodes holds the codes of the literals and of the end of block.
var litCodes = func() (t [257]huffCode) {
	for s := range t {
		t[s] = fixedLit(s)
	}
	return t
}()

// lenCodes holds, for each match length from 3 to 258, its symbol's code
// followed by its extra bits.
var lenCodes = func() (t [259]huffCode) {
	base := [...]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	extra := [...]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	for l := 3; l <= 258; l++ {
		i := len(base) - 1
		for base[i] > l {
			i--
		}
		c := fixedLit(257 + i)
		t[l] = huffCode{c.code | uint64(l-base[i])<<c.n, c.n + extra[i]}
	}
	return t
}()

// distCode returns the code of a match distance from 1 to 32768, followed
// by its extra bits.
func distCode(d int) huffCode {
	i, base := 0, 1
	for ; i < 29; i++ {
		e := max(0, i/2-1)
		if d < base+1<<e {
			break
		}
		base += 1 << e
	}
	e := uint(max(0, i/2-1))
	return huffCode{reverse(uint64(i), 5) | uint64(d-base)<<5, 5 + e}
}
