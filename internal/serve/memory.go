package serve

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// headroom is the least the server's memory may grow by, beyond what it
// holds, before the collector runs.
const headroom = 32 << 20

// fullBuildGC is the collector's target during a full rebuild: the heap may
// grow by half of what is live rather than double it. A full rebuild of a
// 10,000-note site makes its garbage while the model it keeps grows, so by
// default the process peaks near 225 MB for 135 MB it then holds; collecting
// twice as often peaks near 165 MB and costs the first build nothing that
// the machine's noise does not hide (2.3–3.0 s either way).
const fullBuildGC = 50

// leanFullBuild makes the collector run more often until the returned
// function is called, unless the user chose GOGC.
func leanFullBuild() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(fullBuildGC)
	return func() { debug.SetGCPercent(old) }
}

// fitMemory keeps the server's memory close to what it holds; full says that
// everything was just rebuilt.
//
// The server runs all day beside an editor and a browser. By default Go lets
// the heap grow to twice what is live before collecting, and keeps freed
// memory for a while; a full build also leaves gaps between what it keeps,
// which stay in use. A 10,000-note site with 90 MB of live data then sits
// at 250 MB. So after a full rebuild, or once the live data has outgrown
// the last measure, the garbage is collected and returned at once, what is
// in use is measured, and the runtime's soft memory limit is set a quarter
// (at least 32 MB) above it. The collector then runs a little more often
// (an incremental rebuild at that size makes about 8 MB of garbage) and
// gives memory back promptly. A GOMEMLIMIT chosen by the user is left alone.
//
// The site-wide files made on request are kept until the next build (see
// file), so the limit grows by what they weigh as they are made (fitHeld),
// and what the measure finds of them is not counted twice.
func (s *Server) fitMemory(full bool) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	s.mem.Lock()
	defer s.mem.Unlock()
	sample := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	read := func() bool {
		metrics.Read(sample)
		for _, x := range sample {
			if x.Value.Kind() != metrics.KindUint64 {
				return false // a runtime without these metrics
			}
		}
		return true
	}
	if !full && s.memLimit > 0 {
		// The live heap as the collector last marked it may include
		// garbage made while it ran: it is only a sign that the site has
		// grown, confirmed by measuring again below.
		if !read() || sample[0].Value.Uint64()+s.memGaps+headroom/2 <= s.memLimit {
			return
		}
	}
	debug.FreeOSMemory()
	if !read() {
		return
	}
	live := sample[0].Value.Uint64()
	inUse := sample[1].Value.Uint64() - sample[2].Value.Uint64()
	s.memGaps = inUse - min(live, inUse)
	held := s.heldBytes(nil)
	base := inUse - min(held, inUse)
	s.memBase = base + max(base/4, headroom)
	s.memLimit = s.memBase + held
	debug.SetMemoryLimit(int64(s.memLimit))
}

// fitHeld raises the memory limit by what the site-wide files made from
// the build m weigh, if m is the current build and fitMemory has set a
// limit.
func (s *Server) fitHeld(m *memory) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	s.mem.Lock()
	defer s.mem.Unlock()
	held := s.heldBytes(m)
	if s.memBase == 0 || held == 0 {
		return
	}
	s.memLimit = s.memBase + held
	debug.SetMemoryLimit(int64(s.memLimit))
}

// heldBytes returns what the site-wide files made from the current build
// weigh, or 0 when m is not that build (nil stands for any).
func (s *Server) heldBytes(m *memory) uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.built == nil || (m != nil && m != s.built) {
		return 0
	}
	return uint64(s.built.held.Load())
}
