// Package deferbench measures what a defer costs in each of the compiler's
// regimes, against the explicit code a rewrite would produce.
//
// Every deferred call below carries a comment `// regime: R` with the regime the
// compiler must give it (open-coded, stack, heap), and every function that the
// comparison relies on being inlined or not carries `// inline: yes|no`;
// scripts/bench-defer.sh checks both with `go build -gcflags='-d=defer -m'`
// before timing anything, so a benchmark cannot silently measure another regime.
//
// How each regime is forced (cmd/compile, proposal 34481):
//   - open-coded: one defer, few returns, no loop;
//   - stack: returns × defers > 15 (here 16 returns and one defer), no loop;
//   - heap: the defer is inside a loop (one that runs once per call).
package deferbench

import (
	"errors"
	"sync"
	"sync/atomic"
)

// A sink the compiler cannot see through, so results are not optimised away.
var Sink int

// ---- defer vs explicit unlock -------------------------------------------

type Counter struct {
	mu sync.Mutex
	n  int
}

//go:noinline
func (c *Counter) IncDeferOpen() int {
	c.mu.Lock()
	defer c.mu.Unlock() // regime: open-coded
	c.n++
	return c.n
}

//go:noinline
func (c *Counter) IncExplicitOpen() int {
	c.mu.Lock()
	c.n++
	n := c.n
	c.mu.Unlock()
	return n
}

// IncDeferStack has 16 returns and one defer: 16 > 15, so the defer gets a
// stack-allocated record.
//
//go:noinline
func (c *Counter) IncDeferStack(k int) int {
	c.mu.Lock()
	defer c.mu.Unlock() // regime: stack
	c.n++
	switch k & 15 {
	case 1:
		return c.n + 1
	case 2:
		return c.n + 2
	case 3:
		return c.n + 3
	case 4:
		return c.n + 4
	case 5:
		return c.n + 5
	case 6:
		return c.n + 6
	case 7:
		return c.n + 7
	case 8:
		return c.n + 8
	case 9:
		return c.n + 9
	case 10:
		return c.n + 10
	case 11:
		return c.n + 11
	case 12:
		return c.n + 12
	case 13:
		return c.n + 13
	case 14:
		return c.n + 14
	case 15:
		return c.n + 15
	}
	return c.n
}

//go:noinline
func (c *Counter) IncExplicitStack(k int) int {
	c.mu.Lock()
	c.n++
	var r int
	switch k & 15 {
	case 1:
		r = c.n + 1
	case 2:
		r = c.n + 2
	case 3:
		r = c.n + 3
	case 4:
		r = c.n + 4
	case 5:
		r = c.n + 5
	case 6:
		r = c.n + 6
	case 7:
		r = c.n + 7
	case 8:
		r = c.n + 8
	case 9:
		r = c.n + 9
	case 10:
		r = c.n + 10
	case 11:
		r = c.n + 11
	case 12:
		r = c.n + 12
	case 13:
		r = c.n + 13
	case 14:
		r = c.n + 14
	case 15:
		r = c.n + 15
	default:
		r = c.n
	}
	c.mu.Unlock()
	return r
}

// IncDeferHeap defers inside a loop (that runs once): a heap-allocated record.
//
//go:noinline
func (c *Counter) IncDeferHeap(times int) int {
	for i := 0; i < times; i++ {
		c.mu.Lock()
		defer c.mu.Unlock() // regime: heap
		c.n++
	}
	return c.n
}

//go:noinline
func (c *Counter) IncExplicitHeap(times int) int {
	n := 0
	for i := 0; i < times; i++ {
		c.mu.Lock()
		c.n++
		n = c.n
		c.mu.Unlock()
	}
	return n
}

// ---- transactions: defer Rollback, defer + flag, if-err -----------------

// ErrTxDone is what Rollback returns after Commit, as database/sql does.
var ErrTxDone = errors.New("tx done")

// Tx is a fake transaction: no I/O, just the state a real one keeps.
type Tx struct {
	done   bool
	writes int
}

//go:noinline
func (tx *Tx) Exec(fail bool) error {
	if fail {
		return errors.New("exec failed")
	}
	tx.writes++
	return nil
}

//go:noinline
func (tx *Tx) Commit() error {
	if tx.done {
		return ErrTxDone
	}
	tx.done = true
	return nil
}

//go:noinline
func (tx *Tx) Rollback() error {
	if tx.done {
		return ErrTxDone
	}
	tx.done = true
	tx.writes = 0
	return nil
}

//go:noinline
func TxDeferOpen(tx *Tx, fail bool) error {
	defer tx.Rollback() // regime: open-coded
	if err := tx.Exec(fail); err != nil {
		return err
	}
	return tx.Commit()
}

//go:noinline
func TxFlagOpen(tx *Tx, fail bool) (err error) {
	committed := false
	defer func() { // regime: open-coded
		if !committed {
			tx.Rollback()
		}
	}()
	if err := tx.Exec(fail); err != nil {
		return err
	}
	committed = true
	return tx.Commit()
}

//go:noinline
func TxIfErrOpen(tx *Tx, fail bool) error {
	if err := tx.Exec(fail); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// The stack regime: 16 returns (the Exec step is chosen by k).
//
//go:noinline
func TxDeferStack(tx *Tx, fail bool, k int) error {
	defer tx.Rollback() // regime: stack
	switch k & 15 {
	case 1:
		return txStep(tx, fail, 1)
	case 2:
		return txStep(tx, fail, 2)
	case 3:
		return txStep(tx, fail, 3)
	case 4:
		return txStep(tx, fail, 4)
	case 5:
		return txStep(tx, fail, 5)
	case 6:
		return txStep(tx, fail, 6)
	case 7:
		return txStep(tx, fail, 7)
	case 8:
		return txStep(tx, fail, 8)
	case 9:
		return txStep(tx, fail, 9)
	case 10:
		return txStep(tx, fail, 10)
	case 11:
		return txStep(tx, fail, 11)
	case 12:
		return txStep(tx, fail, 12)
	case 13:
		return txStep(tx, fail, 13)
	case 14:
		return txStep(tx, fail, 14)
	case 15:
		return txStep(tx, fail, 15)
	}
	return txStep(tx, fail, 0)
}

//go:noinline
func TxFlagStack(tx *Tx, fail bool, k int) (err error) {
	committed := false
	defer func() { // regime: stack
		if !committed {
			tx.Rollback()
		}
	}()
	switch k & 15 {
	case 1:
		return txStepFlag(tx, fail, 1, &committed)
	case 2:
		return txStepFlag(tx, fail, 2, &committed)
	case 3:
		return txStepFlag(tx, fail, 3, &committed)
	case 4:
		return txStepFlag(tx, fail, 4, &committed)
	case 5:
		return txStepFlag(tx, fail, 5, &committed)
	case 6:
		return txStepFlag(tx, fail, 6, &committed)
	case 7:
		return txStepFlag(tx, fail, 7, &committed)
	case 8:
		return txStepFlag(tx, fail, 8, &committed)
	case 9:
		return txStepFlag(tx, fail, 9, &committed)
	case 10:
		return txStepFlag(tx, fail, 10, &committed)
	case 11:
		return txStepFlag(tx, fail, 11, &committed)
	case 12:
		return txStepFlag(tx, fail, 12, &committed)
	case 13:
		return txStepFlag(tx, fail, 13, &committed)
	case 14:
		return txStepFlag(tx, fail, 14, &committed)
	case 15:
		return txStepFlag(tx, fail, 15, &committed)
	}
	return txStepFlag(tx, fail, 0, &committed)
}

//go:noinline
func TxIfErrStack(tx *Tx, fail bool, k int) error {
	if err := tx.Exec(fail); err != nil {
		tx.Rollback()
		return err
	}
	Sink += k & 15
	return tx.Commit()
}

// txStep is the body the stack variants share: exec, then commit.
func txStep(tx *Tx, fail bool, k int) error {
	if err := tx.Exec(fail); err != nil {
		return err
	}
	Sink += k
	return tx.Commit()
}

func txStepFlag(tx *Tx, fail bool, k int, committed *bool) error {
	if err := tx.Exec(fail); err != nil {
		return err
	}
	Sink += k
	*committed = true
	return tx.Commit()
}

// The heap regime: each transaction of a batch (here a batch of one) defers
// its rollback inside the loop.
//
//go:noinline
func TxDeferHeap(txs []*Tx, fail bool) error {
	for _, tx := range txs {
		defer tx.Rollback() // regime: heap
		if err := tx.Exec(fail); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

//go:noinline
func TxFlagHeap(txs []*Tx, fail bool) error {
	for _, tx := range txs {
		committed := false
		defer func() { // regime: heap
			if !committed {
				tx.Rollback()
			}
		}()
		if err := tx.Exec(fail); err != nil {
			return err
		}
		committed = true
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

//go:noinline
func TxIfErrHeap(txs []*Tx, fail bool) error {
	for _, tx := range txs {
		if err := tx.Exec(fail); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// ---- inlining blocked by a defer -----------------------------------------

type Gate struct {
	busy atomic.Bool
	v    int
}

// GetDefer is small, but a function with a defer is never inlined.
//
// inline: no
func (g *Gate) GetDefer() int {
	g.busy.Store(true)
	defer g.busy.Store(false) // regime: open-coded
	return g.v
}

// GetExplicit is the same with the deferred call made explicit: inlinable.
//
// inline: yes
func (g *Gate) GetExplicit() int {
	g.busy.Store(true)
	v := g.v
	g.busy.Store(false)
	return v
}
