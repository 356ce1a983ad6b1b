package behaviour

import (
	"sync"
	"testing"
)

// TestStatsRace records from several goroutines while others take snapshots;
// every Record must see its own addition, and the final total must be exact.
func TestStatsRace(t *testing.T) {
	var s Stats
	var wg sync.WaitGroup
	const writers, each = 4, 500
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if got := s.Record(1); got < 1 {
					t.Errorf("Record returned %d, want at least 1", got)
					return
				}
			}
		}()
	}
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if total, calls := s.Snapshot(); total != calls {
					t.Errorf("Snapshot: total %d != calls %d", total, calls)
					return
				}
			}
		}()
	}
	wg.Wait()
	if total, calls := s.Snapshot(); total != writers*each || calls != writers*each {
		t.Fatalf("final total %d, calls %d, want %d", total, calls, writers*each)
	}
}
