package spill

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestSpill(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name   string
		f      *File
		inFile bool
	}{
		{"file", &File{Dir: dir}, true},
		{"nil file, in memory", nil, false},
		{"no folder, in memory", &File{Dir: filepath.Join(dir, "missing")}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			values := make([][]byte, 50)
			refs := make([]Ref, len(values))
			var wg sync.WaitGroup
			for i := range values {
				values[i] = bytes.Repeat([]byte{byte('a' + i%26)}, i*37)
				wg.Go(func() { refs[i] = tt.f.Put(values[i]) })
			}
			wg.Wait()
			for i, r := range refs {
				if len(values[i]) > 0 && r.inFile != tt.inFile {
					t.Errorf("value %d: in the file %v, want %v", i, r.inFile, tt.inFile)
				}
				got, err := tt.f.Get(r)
				if err != nil || !bytes.Equal(got, values[i]) || r.Len() != len(values[i]) {
					t.Fatalf("value %d: got %d bytes (Len %d), %v; want %d", i, len(got), r.Len(), err, len(values[i]))
				}
				if len(values[i]) > 10 {
					part, err := tt.f.Get(r.Slice(3, 5))
					if err != nil || !bytes.Equal(part, values[i][3:8]) {
						t.Fatalf("value %d: slice %q, %v", i, part, err)
					}
				}
			}
			// Nothing is left behind: the file is unnamed from the start.
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("left in the folder: %v", entries)
			}
			if err := tt.f.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := tt.f.Get(refs[10]); tt.inFile && err != ErrClosed {
				t.Errorf("Get after Close: %v, want ErrClosed", err)
			}
		})
	}
}
