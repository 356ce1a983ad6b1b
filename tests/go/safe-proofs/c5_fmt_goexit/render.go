// Package c5fmtgoexit: a String method that calls runtime.Goexit ends the
// goroutine inside fmt.Sprint. Deferred calls run on Goexit; an explicit
// Unlock after fmt.Sprint does not.
package c5fmtgoexit

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
