// Package x23resultandfieldtypesnamedincalleepkg: `conn.Open()` is declared
// to return `Source` and conn.Pool's field Cur is declared `*Buf`, written in
// package conn, where they name conn.Source (an interface: Read may panic) and
// conn.Buf (First indexes). This package has its own Source and Buf with
// methods that cannot panic; an implementation that resolves the callee's type
// names in the caller's package proves the calls panic-free, and an explicit
// Unlock leaves the lock held after the recovered panic.
package x23resultandfieldtypesnamedincalleepkg

import (
	"sync"

	"safeproofs/x23_result_and_field_types_named_in_callee_pkg/conn"
)

// Source is this package's source: Read cannot panic.
type Source struct{ n int }

// Read returns s.n.
func (s Source) Read() int { return s.n }

// Buf is this package's buffer: First cannot panic.
type Buf struct{ b byte }

// First returns b.b.
func (b Buf) First() byte { return b.b }

// Client reads from a connection.
type Client struct {
	mu   sync.Mutex
	n    int
	pool conn.Pool
}

// Read opens a source and reads it.
func (c *Client) Read() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	src := conn.Open()
	c.n = src.Read()
	return c.n
}

// First returns the first byte of the pool's buffer.
func (c *Client) First() byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	cur := c.pool.Cur
	return cur.First()
}
