package behaviour

import (
	"fmt"
	"sync"
	"testing"
)

const (
	writers = 4
	readers = 4
	rounds  = 2000
)

var keys = []string{"a", "b", "c", "d", "e"}

// TestStoreRace races writers against readers; every reader checks what it sees.
func TestStoreRace(t *testing.T) {
	s := NewStore()
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		w := w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				s.Put(keys[(w+i)%len(keys)], i+1)
				s.Incr()
				if i%100 == 0 {
					s.Add(fmt.Sprintf("w%d-%d", w, i))
				}
			}
		}()
	}
	for r := 0; r < readers; r++ {
		r := r
		wg.Add(1)
		go func() {
			defer wg.Done()
			lastDouble, lastLen, lastVersion := 0, 0, 0
			for i := 0; i < rounds; i++ {
				k := keys[(r+i)%len(keys)]
				if v := s.Get(k); v < 0 || v > rounds {
					t.Errorf("Get(%q) = %d, want 0..%d", k, v, rounds)
					return
				}
				if v, ok := s.Lookup(k); (ok && (v < 1 || v > rounds)) || (!ok && v != 0) {
					t.Errorf("Lookup(%q) = %d, %v", k, v, ok)
					return
				}
				d := s.Double()
				if d%2 != 0 || d < lastDouble || d > 2*writers*rounds {
					t.Errorf("Double() = %d after %d", d, lastDouble)
					return
				}
				lastDouble = d
				n, err := s.Len()
				if err != nil || n < lastLen || n > writers*rounds/100 {
					t.Errorf("Len() = %d, %v after %d", n, err, lastLen)
					return
				}
				lastLen = n
				count, total := s.Stats()
				if count < n || total < 0 || total > len(keys)*rounds {
					t.Errorf("Stats() = %d, %d (Len was %d)", count, total, n)
					return
				}
				switch c := s.Classify(k); c {
				case "missing", "above", "below":
				default:
					t.Errorf("Classify(%q) = %q", k, c)
					return
				}
				desc, x := s.Describe(k)
				if (desc != "missing" && desc != "present") || x < 0 {
					t.Errorf("Describe(%q) = %q, %d", k, desc, x)
					return
				}
				ver := s.Version()
				if ver < lastVersion {
					t.Errorf("Version() went back from %d to %d", lastVersion, ver)
					return
				}
				lastVersion = ver
				if l := s.Limit(); l != 100 {
					t.Errorf("Limit() = %d, want 100", l)
					return
				}
				if i%50 == 0 {
					at := s.Snapshot()
					for j := 0; ; j++ {
						item, ok := at(j)
						if !ok {
							if j < n {
								t.Errorf("snapshot has %d items, Len was %d before", j, n)
							}
							break
						}
						if item == "" {
							t.Errorf("snapshot item %d is empty", j)
							return
						}
					}
				}
			}
		}()
	}
	wg.Wait()

	if got, want := s.Double(), 2*writers*rounds; got != want {
		t.Errorf("final Double() = %d, want %d", got, want)
	}
	if n, err := s.Len(); n != writers*rounds/100 || err != nil {
		t.Errorf("final Len() = %d, %v, want %d, nil", n, err, writers*rounds/100)
	}
	if got, want := s.Version(), writers*rounds*2+writers*rounds/100; got != want {
		t.Errorf("final Version() = %d, want %d", got, want)
	}
	for _, k := range keys {
		if v := s.Get(k); v < 1 || v > rounds {
			t.Errorf("final Get(%q) = %d", k, v)
		}
		if c := s.Classify(k); c != "below" {
			t.Errorf("final Classify(%q) = %q, want below", k, c)
		}
	}
}

// TestDrainRace checks that the bookkeeping deferred after the Unlock still runs
// under the lock: Version and Drains are read concurrently.
func TestDrainRace(t *testing.T) {
	s := NewStore()
	var wg sync.WaitGroup
	drained := make([]int, writers)
	for w := 0; w < writers; w++ {
		w := w
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds/4; i++ {
				s.Add("x")
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < rounds/4; i++ {
				drained[w] += len(s.Drain())
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		last := 0
		for i := 0; i < rounds; i++ {
			d := s.Drains()
			if d < last || d > writers*rounds/4 {
				t.Errorf("Drains() = %d after %d", d, last)
				return
			}
			last = d
			_ = s.Version()
		}
	}()
	wg.Wait()
	total := len(s.Drain())
	for _, d := range drained {
		total += d
	}
	if total != writers*rounds/4 {
		t.Errorf("drained %d items in all, want %d", total, writers*rounds/4)
	}
	if got, want := s.Drains(), writers*rounds/4+1; got != want {
		t.Errorf("Drains() = %d, want %d", got, want)
	}
}

// TestStoreValues checks each method's results on a quiet store, including the
// untyped constant returned as an int64 and the accessor closure.
func TestStoreValues(t *testing.T) {
	s := NewStore()
	if got := s.Get("a"); got != 0 {
		t.Errorf("Get on empty = %d", got)
	}
	if v, ok := s.Lookup("a"); v != 0 || ok {
		t.Errorf("Lookup on empty = %d, %v", v, ok)
	}
	if c := s.Classify("a"); c != "missing" {
		t.Errorf("Classify missing = %q", c)
	}
	s.Put("neg", -3)
	s.Put("zero", 0)
	s.Put("big", 10)
	s.Incr()
	s.Incr()
	for k, want := range map[string]string{"neg": "negative", "zero": "zero", "big": "above"} {
		if c := s.Classify(k); c != want {
			t.Errorf("Classify(%q) = %q, want %q", k, c, want)
		}
	}
	if d, v := s.Describe("neg"); d != "negative" || v != -3 {
		t.Errorf("Describe(neg) = %q, %d", d, v)
	}
	if d, v := s.Describe("big"); d != "present" || v != 10+s.Version() {
		t.Errorf("Describe(big) = %q, %d", d, v)
	}
	if d, v := s.Describe("nope"); d != "missing" || v != s.Version() {
		t.Errorf("Describe(nope) = %q, %d", d, v)
	}
	if got := s.Double(); got != 4 {
		t.Errorf("Double() = %d, want 4", got)
	}
	if got := s.Limit(); got != 100 {
		t.Errorf("Limit() = %d, want 100", got)
	}
	s.SetBig(true)
	var want int64 = 1 << 40
	if got := s.Limit(); got != want {
		t.Errorf("Limit() = %d, want %d", got, want)
	}
	s.Add("one")
	s.Add("two")
	at := s.Snapshot()
	s.Add("three")
	if item, ok := at(1); item != "two" || !ok {
		t.Errorf("snapshot(1) = %q, %v", item, ok)
	}
	if _, ok := at(2); ok {
		t.Errorf("snapshot sees an item added after it was taken")
	}
	if count, total := s.Stats(); count != 3 || total != 7 {
		t.Errorf("Stats() = %d, %d, want 3, 7", count, total)
	}
	if out := s.Drain(); len(out) != 3 || s.Drains() != 1 {
		t.Errorf("Drain() = %v, Drains() = %d", out, s.Drains())
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	if err := s.Close(); err != ErrClosed {
		t.Errorf("second Close() = %v, want ErrClosed", err)
	}
	if n, err := s.Len(); n != 0 || err != ErrClosed {
		t.Errorf("Len() after Close = %d, %v", n, err)
	}
	if v, ok := s.Lookup("big"); v != -1 || ok {
		t.Errorf("Lookup after Close = %d, %v", v, ok)
	}
	if d, v := s.Describe("big"); d != "closed" || v != s.Version() {
		t.Errorf("Describe after Close = %q, %d", d, v)
	}
	s.Add("ignored")
	if count, _ := s.Stats(); count != 0 {
		t.Errorf("Add after Close added an item")
	}
}
