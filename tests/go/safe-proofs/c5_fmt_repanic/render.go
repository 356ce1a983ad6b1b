// Package c5fmtrepanic: fmt recovers a panic in a String method and prints
// the panic value, but when printing that value panics too (its Error method
// panics), fmt panics again: fmt.Sprint is only as safe as the methods it
// calls.
package c5fmtrepanic

import (
	"fmt"
	"sync"
)

// Board renders values under a lock.
type Board struct {
	mu   sync.Mutex
	text string
}

// Render stores and returns fmt.Sprint(v).
func (b *Board) Render(v any) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text = fmt.Sprint(v)
	return b.text
}
