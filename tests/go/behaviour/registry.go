package behaviour

import "sync"

// Entry is a registered service. Entries are never modified once registered.
type Entry struct {
	Name string
	Port int
}

// Registry maps names to entries behind a read-write mutex.
type Registry struct {
	mu     sync.RWMutex
	byName map[string]*Entry
	order  []string
	gen    uint64
}

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry {
	return &Registry{byName: make(map[string]*Entry)}
}

// Register adds an entry; it reports false when the name is taken.
func (r *Registry) Register(name string, port int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.byName[name]; dup {
		return false
	}
	r.byName[name] = &Entry{Name: name, Port: port}
	r.order = append(r.order, name)
	r.gen++
	return true
}

// Lookup returns the entry for name; the results are locals.
func (r *Registry) Lookup(name string) (*Entry, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.byName[name]
	return e, ok
}

// Port returns the port of name, or -1.
func (r *Registry) Port(name string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if e := r.byName[name]; e != nil {
		return e.Port
	}
	return -1
}

// Count returns the number of entries.
func (r *Registry) Count() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.order)
}

// Generation returns how many entries were ever registered, with the count.
func (r *Registry) Generation() (gen uint64, count int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.gen, len(r.byName)
}

// Names returns a copy of the names in registration order.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]string(nil), r.order...)
}
