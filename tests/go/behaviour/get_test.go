package behaviour

import (
	"sync"
	"testing"
)

// TestGetRace hammers Get against Put on the same few keys. Get's return
// expression reads the map; if a rewrite released the lock before that read,
// the race detector reports it here (and the runtime may also stop the program
// with "concurrent map read and map write").
func TestGetRace(t *testing.T) {
	s := NewStore()
	const n = 20000
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		w := w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i <= n; i++ {
				s.Put(keys[(w+i)%2], i)
			}
		}()
	}
	for r := 0; r < 2; r++ {
		r := r
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				if v := s.Get(keys[(r+i)%2]); v < 0 || v > n {
					t.Errorf("Get = %d, want 0..%d", v, n)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, k := range keys[:2] {
		if v := s.Get(k); v != n && v != n-1 {
			t.Errorf("final Get(%q) = %d, want %d or %d", k, v, n-1, n)
		}
	}
}
