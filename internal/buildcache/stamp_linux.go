package buildcache

import (
	"io/fs"
	"syscall"
)

// stampOf returns what the system says of the file info describes, with
// its change time (ctime) when ctime is set; false where it says nothing
// the index can trust.
func stampOf(info fs.FileInfo, ctime bool) (stamp, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || !info.Mode().IsRegular() {
		return stamp{}, false
	}
	s := stamp{Size: st.Size, Mtime: st.Mtim.Nano(), Ino: st.Ino, Dev: uint64(st.Dev)}
	if ctime {
		s.Ctime = st.Ctim.Nano()
	}
	return s, true
}
