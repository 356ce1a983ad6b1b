package r2c6indexthrougharraypointertype

import "sync"

type C struct {
	mu sync.Mutex
	n  int
}

// Pick returns the second element of the first row.
func (c *C) Pick(rows *[2][]int) int {
	row := rows[0]
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return row[1]
}
