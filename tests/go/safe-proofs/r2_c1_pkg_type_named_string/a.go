package r2c1pkgtypenamedstring

import "sync"

type Index struct {
	mu sync.Mutex
	m  map[string]int
}

func (ix *Index) Get(k any) int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.m[k]
}
