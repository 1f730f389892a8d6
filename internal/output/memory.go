package output

import (
	"maps"
	"slices"
	"sync"
)

// Memory holds a built site in memory, for the dev server and for tests.
// The zero value is ready to use.
type Memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

// Write stores one file. It is safe for concurrent use.
func (m *Memory) Write(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[name] = data
	return nil
}

// Files returns the stored files by name.
func (m *Memory) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.files)
}

// Names returns the stored file names, sorted.
func (m *Memory) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Sorted(maps.Keys(m.files))
}
