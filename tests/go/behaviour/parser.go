package behaviour

import (
	"strconv"
	"sync"
)

// Parser parses numbers and counts calls. Its helper panics on malformed input,
// and callers recover, as net/http recovers a handler's panic: with the deferred
// Unlock the mutex is released while the panic unwinds. An explicit Unlock after
// the call never runs, and the next Lock blocks forever.
type Parser struct {
	mu    sync.Mutex
	calls int
	last  int
}

// Parse counts the call and parses s under the lock.
func (p *Parser) Parse(s string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	p.last = mustAtoi(s)
	return p.last
}

// Calls returns how many times Parse was called.
func (p *Parser) Calls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls
}

// mustAtoi parses a decimal number and panics when s is not one.
func mustAtoi(s string) int {
	if s == "" {
		panic("behaviour: empty number")
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			panic("behaviour: bad digit in " + strconv.Quote(s))
		}
		n = n*10 + int(c-'0')
	}
	return n
}
