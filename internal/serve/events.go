package serve

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// maxStreams bounds the open event streams: one per open page of the
// preview. A browser opens at most six connections to one server, so a
// writer's tabs need a handful; the bound keeps a runaway script from
// holding the server's memory: each stream holds about 27 kB (2,000 of
// them took 52 MB), so 256 hold 7 MB at most.
const maxStreams = 256

// broker fans build events out to the open pages' event streams.
type broker struct {
	mu      sync.Mutex
	clients map[chan event]bool
	max     int
	closed  chan struct{}
	once    sync.Once
}

type event struct {
	name string
	data []byte
}

func newBroker() *broker {
	return &broker{clients: map[chan event]bool{}, closed: make(chan struct{}), max: maxStreams}
}

// send queues an event for every client. A client too slow to take it
// misses it rather than holding up the build; its next event carries the
// whole state anyway.
func (b *broker) send(name string, data []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for c := range b.clients {
		select {
		case c <- event{name, data}:
		default:
		}
	}
}

// close ends every event stream, so that the HTTP server can shut down.
func (b *broker) close() {
	b.once.Do(func() { close(b.closed) })
}

// serve streams events to one page, starting with the current state.
func (b *broker) serve(w http.ResponseWriter, r *http.Request, state []byte) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// The stream lasts as long as the page: the server's deadlines, meant
	// for requests answered at once, do not apply.
	rc := http.NewResponseController(w)
	if rc.SetWriteDeadline(time.Time{}) != nil || rc.SetReadDeadline(time.Time{}) != nil {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 8)
	b.mu.Lock()
	if len(b.clients) >= b.max {
		b.mu.Unlock()
		w.Header().Set("Retry-After", "10")
		http.Error(w, "too many open pages", http.StatusServiceUnavailable)
		return
	}
	b.clients[c] = true
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.clients, c)
		b.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return
	}
	write := func(e event) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
		flusher.Flush()
		return err == nil
	}
	if !write(event{"state", state}) {
		return
	}
	for {
		select {
		case e := <-c:
			if !write(e) {
				return
			}
		case <-r.Context().Done():
			return
		case <-b.closed:
			return
		}
	}
}
