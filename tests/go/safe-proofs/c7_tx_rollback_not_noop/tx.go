// Package c7txrollbacknotnoop: the package's own transaction type Tx has
// Commit and Rollback, but unlike database/sql's, Rollback after Commit is
// not a no-op: it reverts what the Commit applied. `defer tx.Rollback()` with
// `return tx.Commit()` therefore always ends rolled back here, and dropping
// the Rollback after Commit changes the outcome.
package c7txrollbacknotnoop

import "errors"

// ErrNoTx is returned for a nil transaction.
var ErrNoTx = errors.New("no transaction")

// Tx stages values and applies them on Commit.
type Tx struct {
	pending []int
	applied []int
}

// Put stages v.
func (t *Tx) Put(v int) { t.pending = append(t.pending, v) }

// Commit applies the staged values.
func (t *Tx) Commit() error {
	t.applied = append(t.applied, t.pending...)
	t.pending = nil
	return nil
}

// Rollback drops the staged values and reverts what was applied.
func (t *Tx) Rollback() error {
	t.pending = nil
	t.applied = nil
	return nil
}

// DryRun stages v, commits, and (deferred) reverts everything: a dry run.
func DryRun(tx *Tx, v int) error {
	if tx == nil {
		return ErrNoTx
	}
	defer tx.Rollback()
	tx.Put(v)
	return tx.Commit()
}
