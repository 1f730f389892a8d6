package serve

import (
	"fmt"
	"net/http"
	"sync"
)

// broker fans build events out to the open pages' event streams.
type broker struct {
	mu      sync.Mutex
	clients map[chan event]bool
	closed  chan struct{}
	once    sync.Once
}

type event struct {
	name string
	data []byte
}

func newBroker() *broker {
	return &broker{clients: map[chan event]bool{}, closed: make(chan struct{})}
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
	c := make(chan event, 8)
	b.mu.Lock()
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
