package card

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"sync"
)

// deflateRows compresses data, rows of stride bytes, into a zlib stream,
// appended to out. It is a compressor for a card's palette indices, whose
// rows are mostly runs of a colour or copies of the row above: one block
// with Huffman codes made for it (RFC 1951), with matches at a distance of
// one byte (a run) or of one row (the same bytes as above), chosen
// greedily, the longer first. It costs a small part of what
// compress/flate's fastest level does, for files about as small, and its
// output depends on data only.
func deflateRows(out, data []byte, stride int) []byte {
	out = append(out, 0x78, 0x01) // zlib: deflate, 32 KB window, no dictionary
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	t := sc.toks[:0]
	var litFreq [286]int
	var distFreq [30]int
	useRow := stride <= 32768
	rowSym, _, _ := distParts(min(stride, 32768))
	distSyms := [2]int{0, rowSym} // of a run (a distance of 1) and a row copy
	for i := 0; i < len(data); {
		b := data[i]
		// Most bytes that start no match of three are told by a look
		// at three bytes here and above, and at three a byte back.
		run, up := 0, 0
		if i >= stride && useRow && i+8 <= len(data) {
			// Both matches, when they are shorter than eight bytes, as
			// most are, from a look at eight bytes.
			cur := binary.LittleEndian.Uint64(data[i:])
			xu := cur ^ binary.LittleEndian.Uint64(data[i-stride:])
			xr := cur ^ binary.LittleEndian.Uint64(data[i-1:])
			if xu&0xffffff != 0 && xr&0xffffff != 0 {
				// Literals, as many as start no match, up to six: a
				// match of three starts where three bytes in a row
				// equal those above, or those a byte back.
				mu, mr := zeroBytes(xu), zeroBytes(xr)
				k := bits.TrailingZeros64(mu&(mu>>1)&(mu>>2) | mr&(mr>>1)&(mr>>2) | 1<<6)
				for _, b := range data[i : i+k] {
					t = append(t, uint32(b))
					litFreq[b]++
				}
				i += k
				continue
			}
			if xu != 0 && xr != 0 {
				up, run = bits.TrailingZeros64(xu)/8, bits.TrailingZeros64(xr)/8
			} else {
				up = matchLen(data[i:], data[i-stride:])
				if up < longCopy { // a long copy is taken without looking further
					run = matchLen(data[i:], data[i-1:])
				}
			}
		} else {
			if i >= stride && useRow {
				up = matchLen(data[i:], data[i-stride:])
			}
			if i > 0 && up < longCopy {
				run = matchLen(data[i:], data[i-1:])
			}
		}
		n, d := run, uint32(0)
		if up > run {
			n, d = up, 1
		}
		if n < 3 {
			t = append(t, uint32(b))
			litFreq[b]++
			i++
			continue
		}
		i += n
		for n > 0 {
			l := min(n, 258)
			if n-l > 0 && n-l < 3 {
				l = n - 3 // leave a match of at least 3
			}
			t = append(t, matchToken|d<<9|uint32(l))
			litFreq[lenSym[l]]++
			distFreq[distSyms[d]]++
			n -= l
		}
	}
	sc.toks = t
	litFreq[256]++ // end of block

	sc.litLen = huffLengths(sc.litLen, litFreq[:], 15, 2, sc)
	sc.distLen = huffLengths(sc.distLen, distFreq[:], 15, 1, sc)
	sc.litCode = canonical(sc.litCode, sc.litLen)
	sc.distCode = canonical(sc.distCode, sc.distLen)
	litLen, distLen, litCode, distCode := sc.litLen, sc.distLen, sc.litCode, sc.distCode
	var bw bitWriter
	// Room for the header and the longest codes: a match takes at most
	// 15+5+15+13 bits.
	bw.out = slices.Grow(out, 6*len(t)+1024)
	bw.write(5, 3) // BFINAL, BTYPE 10: dynamic codes
	writeCodeLengths(&bw, litLen, distLen, sc)
	// Each token's bits, ready to write: a literal's code, and a
	// match's length code, extra bits and distance code together.
	var lits [256]huffCode
	for b := range lits {
		lits[b] = huffCode{litCode[b], uint(litLen[b])}
	}
	var matches [2][259]huffCode
	for d, dist := range [2]int{1, min(stride, 32768)} {
		dc := distCodeOf(dist, distCode, distLen)
		for l := 3; l <= 258; l++ {
			s, e := lenSym[l], lenExtra[l]
			n := uint(litLen[s])
			matches[d][l] = huffCode{litCode[s] | e.code<<n | dc.code<<(n+e.n), n + e.n + dc.n}
		}
	}
	for _, tok := range t {
		c := lits[tok&0xff]
		if tok&matchToken != 0 {
			c = matches[tok>>9&1][tok&0x1ff]
		}
		bw.write(c.code, c.n)
	}
	bw.write(litCode[256], uint(litLen[256])) // end of block
	out = bw.flush()
	return binary.BigEndian.AppendUint32(out, adlerRows(data, stride))
}

// longCopy is the length of a copy of the row above taken without
// looking for a longer run.
const longCopy = 258

// matchToken marks a token as a match: its length in the low 9 bits, and
// bit 9 set for a copy of the row above, clear for a run.
const matchToken = 1 << 31

// scratch holds a deflater's buffers, reused between cards.
type scratch struct {
	toks  []uint32
	f     []int
	keys  []uint64
	nodes []node
	depth []uint8
	all   []uint8
	syms  []clenSym
	// The codes' lengths and codes: literals and lengths, distances,
	// and the code lengths' own.
	litLen, distLen, clen    []uint8
	litCode, distCode, ccode []uint64
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// distParts splits a distance from 1 to 32768 into its symbol and extra
// bits.
func distParts(d int) (sym int, extra uint64, n uint) {
	i, base := 0, 1
	for ; i < 29; i++ {
		e := max(0, i/2-1)
		if d < base+1<<e {
			break
		}
		base += 1 << e
	}
	return i, uint64(d - base), uint(max(0, i/2-1))
}

// distCodeOf returns the code of distance d followed by its extra bits.
func distCodeOf(d int, codes []uint64, lens []uint8) huffCode {
	sym, extra, n := distParts(d)
	l := uint(lens[sym])
	return huffCode{codes[sym] | extra<<l, l + n}
}

// lenSym and lenExtra hold, for each match length from 3 to 258, its
// symbol and its extra bits.
var lenSym, lenExtra = func() (sym [259]int, extra [259]huffCode) {
	base := [...]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	bits := [...]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	for l := 3; l <= 258; l++ {
		i := len(base) - 1
		for base[i] > l {
			i--
		}
		sym[l] = 257 + i
		extra[l] = huffCode{uint64(l - base[i]), bits[i]}
	}
	return sym, extra
}()

// huffLengths returns the lengths of a Huffman code for freq, at most
// maxBits long, with at least least symbols coded (a decoder wants two
// literal codes, one distance code), in lens, grown as needed. Ties are
// broken by symbol, so the code depends on freq only.
func huffLengths(lens []uint8, freq []int, maxBits, least int, sc *scratch) []uint8 {
	f := append(sc.f[:0], freq...)
	sc.f = f
	for i := 0; countNonZero(f) < least; i++ {
		if f[i] == 0 {
			f[i] = 1
		}
	}
	for {
		lens = huffman(lens, f, sc)
		if slices.Max(lens) <= uint8(maxBits) {
			return lens
		}
		for i, v := range f { // flatten the frequencies, and try again
			if v > 0 {
				f[i] = max(1, v/2)
			}
		}
	}
}

func countNonZero(f []int) int {
	n := 0
	for _, v := range f {
		if v > 0 {
			n++
		}
	}
	return n
}

// A node is a node of a Huffman tree.
type node struct{ f, sym, parent int }

// huffman returns, in lens, the code lengths of a Huffman tree for freq: 1 for a
// lone symbol.
func huffman(lens []uint8, freq []int, sc *scratch) []uint8 {
	lens = slices.Grow(lens[:0], len(freq))[:len(freq)]
	clear(lens)
	// The symbols by frequency, then by symbol, sorted as keys of both.
	keys := sc.keys[:0]
	for s, v := range freq {
		if v > 0 {
			keys = append(keys, uint64(v)<<16|uint64(s))
		}
	}
	sc.keys = keys
	if len(keys) == 1 {
		lens[keys[0]&0xffff] = 1
		return lens
	}
	slices.Sort(keys)
	nodes := slices.Grow(sc.nodes[:0], 2*len(keys))[:len(keys)]
	for i, k := range keys {
		nodes[i] = node{int(k >> 16), int(k & 0xffff), -1}
	}
	leaves := len(nodes)
	// Two queues: the leaves in order, and the merged nodes, made in
	// order of weight.
	li, mi := 0, leaves
	pick := func() int {
		if li < leaves && (mi >= len(nodes) || nodes[li].f <= nodes[mi].f) {
			li++
			return li - 1
		}
		mi++
		return mi - 1
	}
	for len(nodes) < 2*leaves-1 {
		a := pick()
		b := pick()
		nodes = append(nodes, node{nodes[a].f + nodes[b].f, -1, -1})
		nodes[a].parent, nodes[b].parent = len(nodes)-1, len(nodes)-1
	}
	sc.nodes = nodes
	depth := slices.Grow(sc.depth[:0], len(nodes))[:len(nodes)]
	sc.depth = depth
	depth[len(nodes)-1] = 0 // the root
	for i := len(nodes) - 2; i >= 0; i-- {
		depth[i] = depth[nodes[i].parent] + 1
	}
	for i := range leaves {
		lens[nodes[i].sym] = depth[i]
	}
	return lens
}

// canonical returns, in codes, the canonical Huffman codes of lens (RFC
// 1951, 3.2.2), bit-reversed, ready to write.
func canonical(codes []uint64, lens []uint8) []uint64 {
	var count [16]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	var next [16]uint64
	code := uint64(0)
	for b := 1; b < 16; b++ {
		code = (code + uint64(count[b-1])) << 1
		next[b] = code
	}
	codes = slices.Grow(codes[:0], len(lens))[:len(lens)]
	clear(codes)
	for s, l := range lens {
		if l > 0 {
			codes[s] = reverse(next[l], uint(l))
			next[l]++
		}
	}
	return codes
}

// A clenSym is a symbol of the code length alphabet, with its extra
// bits.
type clenSym struct {
	s     int
	extra uint64
	n     uint
}

// clenOrder is the order in which the code length code's lengths are
// written.
var clenOrder = [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// writeCodeLengths writes the header of a dynamic block: the lengths of
// the literal/length and distance codes, run-length coded.
func writeCodeLengths(bw *bitWriter, litLen, distLen []uint8, sc *scratch) {
	nlit, ndist := len(litLen), len(distLen)
	for nlit > 257 && litLen[nlit-1] == 0 {
		nlit--
	}
	for ndist > 1 && distLen[ndist-1] == 0 {
		ndist--
	}
	all := append(append(sc.all[:0], litLen[:nlit]...), distLen[:ndist]...)
	sc.all = all
	type sym = clenSym
	syms := sc.syms[:0]
	for i := 0; i < len(all); {
		l := all[i]
		r := 1
		for i+r < len(all) && all[i+r] == l {
			r++
		}
		switch {
		case l == 0 && r >= 11:
			r = min(r, 138)
			syms = append(syms, sym{18, uint64(r - 11), 7})
		case l == 0 && r >= 3:
			syms = append(syms, sym{17, uint64(r - 3), 3})
		case l != 0 && r >= 4:
			syms = append(syms, sym{int(l), 0, 0})
			r = min(r-1, 6)
			syms = append(syms, sym{16, uint64(r - 3), 2})
			r++
		default:
			r = 1
			syms = append(syms, sym{int(l), 0, 0})
		}
		i += r
	}
	sc.syms = syms
	var freq [19]int
	for _, s := range syms {
		freq[s.s]++
	}
	sc.clen = huffLengths(sc.clen, freq[:], 7, 2, sc)
	sc.ccode = canonical(sc.ccode, sc.clen)
	clen, ccode := sc.clen, sc.ccode
	nclen := 19
	for nclen > 4 && clen[clenOrder[nclen-1]] == 0 {
		nclen--
	}
	bw.write(uint64(nlit-257), 5)
	bw.write(uint64(ndist-1), 5)
	bw.write(uint64(nclen-4), 4)
	for _, s := range clenOrder[:nclen] {
		bw.write(uint64(clen[s]), 3)
	}
	for _, s := range syms {
		bw.write(ccode[s.s], uint(clen[s.s]))
		if s.n > 0 {
			bw.write(s.extra, s.n)
		}
	}
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
			ra, rb = sums(row)
		}
		b = (b + n%mod*a + rb) % mod
		a = (a + ra) % mod
		prev = row
	}
	return uint32(b<<16 | a)
}

// sums returns, modulo 65521, the sum of p's bytes and the sum of each
// byte times the number of bytes from it to the end (itself included):
// Adler-32's two sums of p, started from zero.
func sums(p []byte) (s, w uint64) {
	const mod = 65521
	const low = 0x00ff00ff00ff00ff // the even bytes of a word
	for len(p) > 0 {
		// In blocks short enough that the sums cannot overflow.
		q := p[:min(len(p), 1<<16)]
		p = p[len(q):]
		// The block's sums, as for p: bw is the sum over its words of
		// 8 times the bytes before the word (8·acc) and of the word's
		// own bytes weighted 8 to 1 (weighted). A word's sum is gathered
		// in the top 16-bit lane by a multiplication; its even and odd
		// bytes are added lane by lane into even and odd, and weighted
		// every 64 rounds, before a lane can overflow.
		var bs, acc, weighted, even, odd uint64
		i := 0
		for ; i+32 <= len(q); i += 32 {
			r := q[i : i+32 : i+32]
			v0, v1 := binary.LittleEndian.Uint64(r), binary.LittleEndian.Uint64(r[8:])
			v2, v3 := binary.LittleEndian.Uint64(r[16:]), binary.LittleEndian.Uint64(r[24:])
			e0, o0 := v0&low, v0>>8&low
			e1, o1 := v1&low, v1>>8&low
			e2, o2 := v2&low, v2>>8&low
			e3, o3 := v3&low, v3>>8&low
			s0 := (e0 + o0) * 0x0001000100010001 >> 48
			s1 := (e1 + o1) * 0x0001000100010001 >> 48
			s2 := (e2 + o2) * 0x0001000100010001 >> 48
			s3 := (e3 + o3) * 0x0001000100010001 >> 48
			even += e0 + e1 + e2 + e3
			odd += o0 + o1 + o2 + o3
			acc += 4*bs + 3*s0 + 2*s1 + s2
			bs += s0 + s1 + s2 + s3
			if i%2048 == 2048-32 {
				weighted += laneWeights(even, odd)
				even, odd = 0, 0
			}
		}
		bw := 8*acc + weighted + laneWeights(even, odd)
		for _, c := range q[i:] {
			bs += uint64(c)
			bw += bs
		}
		w = (w + uint64(len(q))%mod*s + bw) % mod
		s = (s + bs) % mod
	}
	return s, w
}

// laneWeights returns the sum of the four 16-bit lanes of even weighted
// 8, 6, 4 and 2, and of those of odd weighted 7, 5, 3 and 1: the lanes
// hold the sums of the bytes of words at those weights.
func laneWeights(even, odd uint64) uint64 {
	var w uint64
	for k := range uint64(4) {
		w += (even>>(16*k)&0xffff)*(8-2*k) + (odd>>(16*k)&0xffff)*(7-2*k)
	}
	return w
}

// zeroBytes returns a bit for each byte of x that is zero, the bit k for
// byte k (the k-th in memory, little-endian).
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	y := ^((x&low7 + low7) | x | low7) // 0x80 in each zero byte, without borrows
	return (y >> 7) * 0x0102040810204080 >> 56
}

// matchLen returns how many bytes a and b have in common from the start.
// b may overlap a from behind, as a match can.
func matchLen(a, b []byte) int {
	n := 0
	if len(a) >= 8 && len(b) >= 8 {
		if x := binary.LittleEndian.Uint64(a) ^ binary.LittleEndian.Uint64(b); x != 0 {
			return bits.TrailingZeros64(x) / 8
		}
		n = 8
	}
	// Whole blocks compared by bytes.Equal, which is fast, while they
	// match: the rows of a card's background.
	for len(a)-n >= 512 && len(b)-n >= 512 && bytes.Equal(a[n:n+512], b[n:n+512]) {
		n += 512
	}
	// Thirty-two bytes at a time over a long match, such as a run of
	// the background or a copy of the row above.
	for len(a)-n >= 32 && len(b)-n >= 32 {
		p, q := a[n:n+32:n+32], b[n:n+32:n+32]
		x := binary.LittleEndian.Uint64(p) ^ binary.LittleEndian.Uint64(q)
		x |= binary.LittleEndian.Uint64(p[8:]) ^ binary.LittleEndian.Uint64(q[8:])
		x |= binary.LittleEndian.Uint64(p[16:]) ^ binary.LittleEndian.Uint64(q[16:])
		x |= binary.LittleEndian.Uint64(p[24:]) ^ binary.LittleEndian.Uint64(q[24:])
		if x != 0 {
			break
		}
		n += 32
	}
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

// write writes the n low bits of code, n at most 64.
func (w *bitWriter) write(code uint64, n uint) {
	w.acc |= code << w.nacc // the bits past the 64th are lost here
	if w.nacc+n < 64 {
		w.nacc += n
		return
	}
	w.out = binary.LittleEndian.AppendUint64(w.out, w.acc)
	w.acc = code >> (64 - w.nacc) // and kept here (none when nacc is 0)
	w.nacc += n - 64
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
