package behaviour

import (
	"fmt"
	"sync"
	"testing"
)

// TestRegistryRace races registrations against RLock readers.
func TestRegistryRace(t *testing.T) {
	r := NewRegistry()
	const perWriter = 300
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		w := w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				name := fmt.Sprintf("svc-%d-%d", w, i)
				if !r.Register(name, 1000*w+i) {
					t.Errorf("Register(%q) refused a new name", name)
					return
				}
				if r.Register(name, 1) {
					t.Errorf("Register(%q) accepted a duplicate", name)
					return
				}
			}
		}()
	}
	for rd := 0; rd < readers; rd++ {
		rd := rd
		wg.Add(1)
		go func() {
			defer wg.Done()
			lastCount := 0
			for i := 0; i < perWriter*2; i++ {
				w, j := (rd+i)%writers, i%perWriter
				name := fmt.Sprintf("svc-%d-%d", w, j)
				if e, ok := r.Lookup(name); ok && (e.Name != name || e.Port != 1000*w+j) {
					t.Errorf("Lookup(%q) = %+v", name, *e)
					return
				}
				if p := r.Port(name); p != -1 && p != 1000*w+j {
					t.Errorf("Port(%q) = %d", name, p)
					return
				}
				c := r.Count()
				if c < lastCount || c > writers*perWriter {
					t.Errorf("Count() = %d after %d", c, lastCount)
					return
				}
				lastCount = c
				if gen, count := r.Generation(); gen != uint64(count) {
					t.Errorf("Generation() = %d, %d: not read under one lock", gen, count)
					return
				}
				if i%100 == 0 {
					if names := r.Names(); len(names) < c {
						t.Errorf("Names() has %d names, Count was %d", len(names), c)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if c := r.Count(); c != writers*perWriter {
		t.Errorf("final Count() = %d, want %d", c, writers*perWriter)
	}
	if p := r.Port("svc-3-7"); p != 3007 {
		t.Errorf("Port(svc-3-7) = %d, want 3007", p)
	}
	if p := r.Port("none"); p != -1 {
		t.Errorf("Port(none) = %d, want -1", p)
	}
}
