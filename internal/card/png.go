package card

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"sync"
)

// writePNG encodes an opaque image as a PNG: paletted when it has at most
// 256 colours, as a card without a colourful logo has (its text's edges
// have 16 levels of coverage), else 8-bit RGB. Unlike image/png, which
// tries five filters on every row and keeps the best, it filters every RGB
// row the same way (Up: each byte less the one above it), which costs a
// fraction of the time and compresses a card's flat colours about as
// well. Paletted rows are compressed by deflateRows, which looks for runs
// and copies of the row above only. The output depends on the pixels
// only: the palette is in the order the colours first appear.
func writePNG(img *image.RGBA) ([]byte, error) {
	if out, ok, err := writePaletted(img); ok || err != nil {
		return out, err
	}
	return writeRGB(img)
}

// writeRGB writes img as an 8-bit RGB PNG.
func writeRGB(img *image.RGBA) ([]byte, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	var out bytes.Buffer
	out.Grow(96 << 10)
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // bit depth
	ihdr[9] = 2 // colour type: RGB
	chunk(&out, "IHDR", ihdr[:])

	z := zlibPool.Get().(*zlibState)
	defer zlibPool.Put(z)
	z.buf.Reset()
	z.w.Reset(&z.buf)
	if cap(z.row) < 1+3*w {
		z.row = make([]byte, 1+3*w)
		z.prev = make([]byte, 3*w)
		z.cur = make([]byte, 3*w)
		z.zero = make([]byte, 1+3*w)
		z.zero[0] = 2 // Up
	}
	row, prev, cur := z.row[:1+3*w], z.prev[:3*w], z.cur[:3*w]
	clear(prev)
	var above []byte // the row above in img, as RGBA
	zero := z.zero[:1+3*w]
	for y := range h {
		pix := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y):][:4*w]
		if above != nil && bytes.Equal(pix, above) {
			// The same pixels as the row above, as often on a card:
			// filtered Up, the row is all zeros.
			if _, err := z.w.Write(zero); err != nil {
				return nil, err
			}
			above = pix
			continue
		}
		for x := range w {
			p := pix[4*x : 4*x+3 : 4*x+3]
			c := cur[3*x : 3*x+3 : 3*x+3]
			c[0], c[1], c[2] = p[0], p[1], p[2]
		}
		row[0] = 2 // Up
		out := row[1:]
		out = out[:len(cur)]
		prev = prev[:len(cur)]
		for i, c := range cur {
			out[i] = c - prev[i]
		}
		if _, err := z.w.Write(row); err != nil {
			return nil, err
		}
		prev, cur = cur, prev
		above = pix
	}
	if err := z.w.Close(); err != nil {
		return nil, err
	}
	chunk(&out, "IDAT", z.buf.Bytes())
	chunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

type zlibState struct {
	buf            bytes.Buffer
	w              *zlib.Writer
	row, prev, cur []byte
	zero           []byte // a row of Up-filtered zeros
	index          []byte // filtered rows of palette indices, a byte a pixel
}

var zlibPool = sync.Pool{New: func() any {
	s := &zlibState{}
	s.w, _ = zlib.NewWriterLevel(&s.buf, zlib.BestSpeed)
	return s
}}

func chunk(out *bytes.Buffer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	out.WriteString(kind)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}

// writePaletted writes img as an 8-bit paletted PNG, or reports false when
// it has more than 256 colours.
func writePaletted(img *image.RGBA) ([]byte, bool, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	z := zlibPool.Get().(*zlibState)
	defer zlibPool.Put(z)
	// The rows as PNG has them: a filter byte (0, none), then the
	// palette indices, a byte a pixel.
	stride := w + 1
	if cap(z.index) < stride*h {
		z.index = make([]byte, stride*h)
	}
	index := z.index[:stride*h]
	// An open-addressed table from colour to palette index; the key 0 is
	// free because every colour is stored with its alpha of 0xff.
	var keys [1024]uint32
	var vals [1024]uint8
	var palette []byte // RGB triples
	last, lastIndex := uint32(0), uint8(0)
	// lastPair is two pixels of the last colour as img has them, and
	// lastQuad four of its index, once started.
	lastPair, lastQuad := uint64(0), uint32(0)
	started := false
	var above []byte // the row above in img
	for y := range h {
		pix := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y):][:4*w]
		index[y*stride] = 0
		row := index[y*stride+1 : y*stride+stride]
		if above != nil && bytes.Equal(pix, above) {
			copy(row, index[(y-1)*stride+1:y*stride])
			continue
		}
		above = pix
		for x := 0; x < len(row); x++ {
			// Four pixels at once while they are the last colour, as
			// most are.
			for started && x+4 <= len(row) {
				q := pix[4*x : 4*x+16 : 4*x+16]
				if binary.LittleEndian.Uint64(q) != lastPair || binary.LittleEndian.Uint64(q[8:]) != lastPair {
					break
				}
				binary.LittleEndian.PutUint32(row[x:], lastQuad)
				x += 4
			}
			if x == len(row) {
				break
			}
			// The pixel's four bytes as one word, alpha forced to 0xff
			// (the image is opaque): a word of 0 is never a colour.
			raw := binary.LittleEndian.Uint32(pix[4*x:])
			c := raw | 0xff<<24
			if c == last {
				row[x] = lastIndex
				continue
			}
			slot := (c * 0x9E3779B1) >> 22
			for keys[slot] != 0 && keys[slot] != c {
				slot = (slot + 1) & 1023
			}
			if keys[slot] == 0 {
				n := len(palette) / 3
				if n == 256 {
					return nil, false, nil
				}
				keys[slot], vals[slot] = c, uint8(n)
				palette = append(palette, uint8(c), uint8(c>>8), uint8(c>>16))
			}
			last, lastIndex = c, vals[slot]
			lastPair = uint64(raw) | uint64(raw)<<32
			lastQuad = uint32(lastIndex) * 0x01010101
			started = true
			row[x] = lastIndex
		}
	}

	return writeIndexed(index, stride, h, palette), true, nil
}

// writeIndexed writes an 8-bit paletted PNG of h rows of stride bytes
// each: a filter byte of 0 (none), then a palette index a pixel.
func writeIndexed(index []byte, stride, h int, palette []byte) []byte {
	zbuf := zbufPool.Get().(*[]byte)
	defer zbufPool.Put(zbuf)
	*zbuf = deflateRows((*zbuf)[:0], index[:stride*h], stride)
	var out bytes.Buffer
	out.Grow(len(*zbuf) + len(palette) + 128)
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(stride-1))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // bit depth
	ihdr[9] = 3 // colour type: paletted
	chunk(&out, "IHDR", ihdr[:])
	chunk(&out, "PLTE", palette)
	chunk(&out, "IDAT", *zbuf)
	chunk(&out, "IEND", nil)
	return out.Bytes()
}

// zbufPool holds the buffers of compressed indices.
var zbufPool = sync.Pool{New: func() any { return new([]byte) }}
