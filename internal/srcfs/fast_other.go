//go:build !linux

package srcfs

import "os"

// openFolder opens nothing here: readFast is Linux's.
func openFolder(*os.Root) (*os.File, int) { return nil, -1 }

// readFast always reports false here, for ReadFile to take the long way.
func (f *FS) readFast(string) ([]byte, bool) { return nil, false }
