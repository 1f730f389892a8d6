package markdown

import (
	"encoding/binary"
	"math"
)

// A Store keeps rendered texts between builds, by what they were rendered
// from (see internal/buildcache, whose Cache is one). Its keys must tell
// apart the binaries that rendered them: the renderer's settings are
// those of the binary.
type Store interface {
	// Get returns the value filed by Put under kind and input, if any.
	Get(kind string, input []byte) ([]byte, bool)
	// Put files value under kind and input.
	Put(kind string, input, value []byte)
}

// storeKind names the entries of a Store that hold a Result, and their
// format: a new format takes a new name.
const storeKind = "markdown result 1"

// WithStore returns a Renderer that renders as r does, but takes what it
// rendered before from s, and keeps there what it renders. A text with an
// image is always rendered afresh: its rendering depends on the image's
// file, which the text does not name in full, and resolving it has
// effects (the smaller copies) that a Load relies on.
func (r *Renderer) WithStore(s Store) *Renderer { return &Renderer{md: r.md, store: s} }

// cached renders src through the store.
func (r *Renderer) cached(src []byte, resolve ImageFunc) Result {
	if v, ok := r.store.Get(storeKind, src); ok {
		if res, ok := decodeResult(v); ok {
			return res
		}
	}
	res, images := r.render(src, resolve)
	if !images {
		r.store.Put(storeKind, src, encodeResult(res))
	}
	return res
}

// encodeResult writes res as a Store's value: the HTML, then the problems
// and the links, each field a length or a number in a uvarint.
func encodeResult(res Result) []byte {
	b := make([]byte, 0, len(res.HTML)+16)
	str := func(s []byte) []byte {
		b = binary.AppendUvarint(b, uint64(len(s)))
		return append(b, s...)
	}
	b = str(res.HTML)
	b = binary.AppendUvarint(b, uint64(len(res.Problems)))
	for _, p := range res.Problems {
		b = binary.AppendUvarint(b, uint64(p.Offset))
		w := uint64(0)
		if p.Warning {
			w = 1
		}
		b = binary.AppendUvarint(b, w)
		b = str([]byte(p.Message))
	}
	b = binary.AppendUvarint(b, uint64(len(res.Links)))
	for _, l := range res.Links {
		b = binary.AppendUvarint(b, uint64(l.Offset))
		b = str([]byte(l.Dest))
	}
	return b
}

// decodeResult reads what encodeResult wrote, copying it; ok is false if
// v is not such a value whole.
func decodeResult(v []byte) (res Result, ok bool) {
	bad := false
	num := func() int {
		n, w := binary.Uvarint(v)
		if w <= 0 || n > math.MaxInt32 {
			bad = true
			return 0
		}
		v = v[w:]
		return int(n)
	}
	str := func() []byte {
		n := num()
		if bad || n > len(v) {
			bad = true
			return nil
		}
		s := v[:n]
		v = v[n:]
		return s
	}
	res.HTML = append([]byte(nil), str()...)
	for n := num(); n > 0 && !bad; n-- {
		if n > len(v) {
			return Result{}, false // every problem takes a byte at least
		}
		p := Problem{Offset: num(), Warning: num() == 1}
		p.Message = string(str())
		res.Problems = append(res.Problems, p)
	}
	for n := num(); n > 0 && !bad; n-- {
		if n > len(v) {
			return Result{}, false
		}
		l := Link{Offset: num()}
		l.Dest = string(str())
		res.Links = append(res.Links, l)
	}
	if bad || len(v) != 0 {
		return Result{}, false
	}
	return res, true
}
