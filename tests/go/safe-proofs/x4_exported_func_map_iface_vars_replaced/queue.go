// Package x4exportedfuncmapifacevarsreplaced: events.Drop calls the func
// variable OnDrop, events.Name writes the map Names, events.Count calls a
// method of the interface variable Counts; each is initialised to something
// harmless and never assigned in package events, but the test (another
// package) replaces them with a panicking func, nil and a panicking Sink: an
// explicit Unlock leaves the lock held after the recovered panic.
package x4exportedfuncmapifacevarsreplaced

import (
	"sync"

	"safeproofs/x4_exported_func_map_iface_vars_replaced/events"
)

// Queue holds items.
type Queue struct {
	mu    sync.Mutex
	items int
	name  string
}

// Trim drops n items.
func (q *Queue) Trim(n int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items -= n
	events.Drop(n)
}

// Label names the queue's code.
func (q *Queue) Label(code int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	events.Name(code, q.name)
}

// Report counts the items.
func (q *Queue) Report() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	events.Count(q.items)
	return q.items
}
