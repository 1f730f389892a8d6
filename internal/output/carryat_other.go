//go:build !linux

package output

import "os"

// carryAt carries files over one by one, as Carry does.
func (d *Dir) carryAt(_ *os.Root, files []Carried) bool {
	for _, f := range files {
		if !d.Carry(f.Name, f.Size, f.Sum) {
			return false
		}
	}
	return true
}
