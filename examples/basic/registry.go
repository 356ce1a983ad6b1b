package basic

import "sync"

// Registry maps names to addresses behind a read-write mutex.
type Registry struct {
	mu    sync.RWMutex
	addrs map[string]string
}

// Lookup holds the read lock while the map is read.
func (r *Registry) Lookup(name string) (string, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	addr, ok := r.addrs[name]
	return addr, ok
}

// Len returns the number of names.
func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.addrs)
}

// Set stores an address unless the name is empty. Writing to a map can panic
// (a nil map), so this fix is Unsafe.
func (r *Registry) Set(name, addr string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "" {
		return false
	}
	r.addrs[name] = addr
	return true
}

// Each locks in a loop body: that defer runs only when Each returns, not at the
// end of each iteration, and the tool does not touch it.
func (r *Registry) Each(names []string, fn func(string)) {
	for _, name := range names {
		r.mu.RLock()
		defer r.mu.RUnlock()
		fn(r.addrs[name])
	}
}
