// Package ctlxstdlibpure (CONTROL): utf8.RuneLen and utf8.ValidRune, standard
// library functions not on the allowlist whose bodies are a switch of
// comparisons with constants: they cannot panic, so the Safe fixes are
// correct and must be applied.
package ctlxstdlibpure

import (
	"sync"
	"unicode/utf8"
)

// Runes counts encoded bytes.
type Runes struct {
	mu    sync.Mutex
	bytes int
}

// Add counts r and returns its encoded length.
func (c *Runes) Add(r rune) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := utf8.RuneLen(r)
	c.bytes += n
	return n
}

// Valid reports whether r is a valid rune.
func (c *Runes) Valid(r rune) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return utf8.ValidRune(r)
}
