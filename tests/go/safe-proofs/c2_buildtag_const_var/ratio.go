// Package c2buildtagconstvar: `parts` is a constant on other systems but a
// variable (zero until configured) on linux, so `x / parts` can divide by
// zero in the linux build.
package c2buildtagconstvar

import "sync"

// Ratio splits a total under a lock.
type Ratio struct {
	mu    sync.Mutex
	total int
	share int
}

// Split stores and returns total / parts.
func (r *Ratio) Split() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.share = r.total / parts
	return r.share
}
