package hotpath

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
)

// The admin paths: configuration, flushing the cache, freezing and resetting
// the ledger. They take the same locks as the hot path, with defers, but run a
// few times a day: a CPU profile of the service under load does not see them.

// Config is the service's runtime configuration.
type Config struct {
	mu       sync.RWMutex
	maxBatch int
	readOnly bool
}

// NewConfig returns the default configuration.
func NewConfig() *Config {
	return &Config{maxBatch: 64}
}

// Get returns the current settings.
func (c *Config) Get() (maxBatch int, readOnly bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.maxBatch, c.readOnly
}

// Set changes the settings.
func (c *Config) Set(maxBatch int, readOnly bool) error {
	if maxBatch <= 0 {
		return fmt.Errorf("hotpath: max_batch must be positive, not %d", maxBatch)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.maxBatch = maxBatch
	c.readOnly = readOnly
	return nil
}

// Flush empties the cache and returns how many entries it held.
func (c *Cache) Flush() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.items)
	clear(c.items)
	return n
}

// Freeze stops (or resumes) transfers.
func (l *Ledger) Freeze(frozen bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.frozen = frozen
}

// ledgerTx is a reset of the ledger in progress: Rollback restores the
// balances it started from, unless Commit was called.
type ledgerTx struct {
	l         *Ledger
	saved     []int64
	committed bool
}

func (l *Ledger) begin() *ledgerTx {
	return &ledgerTx{l: l, saved: append([]int64(nil), l.balances...)}
}

// Commit keeps the changes.
func (tx *ledgerTx) Commit() error {
	if tx.committed {
		return errors.New("hotpath: transaction already committed")
	}
	tx.committed = true
	return nil
}

// Rollback restores the balances, unless the transaction was committed.
func (tx *ledgerTx) Rollback() {
	if !tx.committed {
		copy(tx.l.balances, tx.saved)
	}
}

// Reset sets every balance to the given ones, all or nothing: a negative
// balance rolls back the ones already set.
func (l *Ledger) Reset(balances []int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(balances) != len(l.balances) {
		return ErrNoAccount
	}
	tx := l.begin()
	defer tx.Rollback()
	for i, b := range balances {
		if b < 0 {
			return ErrFunds
		}
		l.balances[i] = b
	}
	return tx.Commit()
}

func (s *Server) adminConfig(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		q := r.URL.Query()
		n, err := strconv.Atoi(q.Get("max_batch"))
		if err != nil {
			http.Error(w, "bad max_batch", http.StatusBadRequest)
			return
		}
		if err := s.config.Set(n, q.Get("read_only") == "true"); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	maxBatch, readOnly := s.config.Get()
	fmt.Fprintf(w, "max_batch=%d read_only=%t\n", maxBatch, readOnly)
}

func (s *Server) adminFlush(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	fmt.Fprintf(w, "flushed %d\n", s.cache.Flush())
}

func (s *Server) adminFreeze(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	s.ledger.Freeze(r.URL.Query().Get("frozen") != "false")
	fmt.Fprintln(w, "ok")
}
