package markdown

import (
	"reflect"
	"testing"
)

// mapStore is a Store in memory.
type mapStore map[string][]byte

func (m mapStore) Get(kind string, input []byte) ([]byte, bool) {
	v, ok := m[kind+"\x00"+string(input)]
	return v, ok
}

func (m mapStore) Put(kind string, input, value []byte) { m[kind+"\x00"+string(input)] = value }

func TestStore(t *testing.T) {
	texts := []string{
		"",
		"Plain *text*.",
		"A [link](other.html) and a [bad one](javascript:x), <b>raw</b>.\n\n```go\nfunc main() {}\n```\n",
		"# Heading\n\nfoo@example.com and [^1].\n\n[^1]: A footnote.\n",
		"An image: ![chart](img/chart.png)",
	}
	width := 10
	resolve := func(dest string) (Image, string) { return Image{Width: width, Height: 10}, "" }
	plain, store := New(), mapStore{}
	cached := plain.WithStore(store)
	for _, src := range texts {
		// The first render keeps the text, the second reads it, but for
		// the image, whose size changes in between.
		for width = 10; width <= 20; width += 10 {
			want, _ := plain.render([]byte(src), resolve)
			if got := cached.RenderImages([]byte(src), resolve); !reflect.DeepEqual(got, want) {
				t.Errorf("%q, image width %d:\n got %+v\nwant %+v", src, width, got, want)
			}
		}
	}
	if _, ok := store.Get(storeKind, []byte(texts[len(texts)-1])); ok {
		t.Error("a text with an image was kept")
	}
	if len(store) != len(texts)-1 {
		t.Errorf("%d texts kept, want %d", len(store), len(texts)-1)
	}
}

// TestDecodeDamaged checks that a value that is not whole is not taken for
// a rendering.
func TestDecodeDamaged(t *testing.T) {
	good := encodeResult(Result{HTML: []byte("<p>x</p>"), Problems: []Problem{{3, true, "m"}}, Links: []Link{{1, "a.html"}}})
	if _, ok := decodeResult(good); !ok {
		t.Fatal("a whole value was refused")
	}
	for n := range len(good) {
		if _, ok := decodeResult(good[:n]); ok {
			t.Errorf("a value cut at %d of %d bytes was taken", n, len(good))
		}
	}
	if _, ok := decodeResult(append(good, 0)); ok {
		t.Error("a value with a byte more was taken")
	}
}
