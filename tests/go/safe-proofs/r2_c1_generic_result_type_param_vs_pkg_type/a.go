package r2c1genericresulttypeparamvspkgtype

import "sync"

// T is a fixed-size record.
type T [4]int

// First returns the first element of s.
func First[T any](s []T) T { return s[0] }

type C struct {
	mu sync.Mutex
	n  int
}

func (c *C) Third(rows [][]int) int {
	row := First(rows)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return row[2]
}
