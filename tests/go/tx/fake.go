// Package txbehaviour holds functions written with `defer tx.Rollback()` in
// every shape the transaction rules handle, over a fake database whose
// transactions count their Commit and Rollback calls. Its tests check, on every
// path, that each transaction ends committed xor rolled back, before and after a
// rewrite by go-defer-rewriter.
package txbehaviour

import (
	"errors"
	"sync"
)

// ErrTxDone is what Commit or Rollback return on a finished transaction, as
// database/sql's sql.ErrTxDone.
var ErrTxDone = errors.New("txbehaviour: transaction has already been committed or rolled back")

// ErrExec is returned by Exec for a statement the DB is told to fail.
var ErrExec = errors.New("txbehaviour: exec failed")

// ErrCommit is returned by a Commit the DB is told to fail. Like database/sql,
// a failed Commit still ends the transaction.
var ErrCommit = errors.New("txbehaviour: commit failed")

// DB hands out transactions and remembers them all.
type DB struct {
	mu         sync.Mutex
	txs        []*Tx
	failExec   map[string]bool
	panicExec  map[string]bool
	failCommit bool
}

// NewDB returns a DB failing the given statements (and Commit when failCommit).
func NewDB(failCommit bool, fail ...string) *DB {
	db := &DB{failExec: map[string]bool{}, panicExec: map[string]bool{}, failCommit: failCommit}
	for _, f := range fail {
		db.failExec[f] = true
	}
	return db
}

// PanicOn makes Exec of q panic, as a driver bug would.
func (db *DB) PanicOn(q string) { db.panicExec[q] = true }

// Begin starts a transaction.
func (db *DB) Begin() (*Tx, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	tx := &Tx{db: db}
	db.txs = append(db.txs, tx)
	return tx, nil
}

// Txs returns the transactions begun so far.
func (db *DB) Txs() []*Tx {
	db.mu.Lock()
	defer db.mu.Unlock()
	return append([]*Tx(nil), db.txs...)
}

// Tx counts how it ended.
type Tx struct {
	db *DB

	mu            sync.Mutex
	done          bool
	Commits       int // Commit calls that ended the transaction
	Rollbacks     int // Rollback calls that ended the transaction
	LateRollbacks int // Rollback calls after the end (they return ErrTxDone)
	Execs         int
}

// Exec runs a statement: it fails or panics when the DB says so.
func (tx *Tx) Exec(q string) error {
	tx.mu.Lock()
	done := tx.done
	tx.Execs++
	tx.mu.Unlock()
	if done {
		return ErrTxDone
	}
	if tx.db.panicExec[q] {
		panic("txbehaviour: driver panic in " + q)
	}
	if tx.db.failExec[q] {
		return ErrExec
	}
	return nil
}

// Commit ends the transaction (also when it fails).
func (tx *Tx) Commit() error {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if tx.done {
		return ErrTxDone
	}
	tx.done = true
	tx.Commits++
	if tx.db.failCommit {
		return ErrCommit
	}
	return nil
}

// Rollback ends the transaction; after the end it does nothing but return ErrTxDone.
func (tx *Tx) Rollback() error {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if tx.done {
		tx.LateRollbacks++
		return ErrTxDone
	}
	tx.done = true
	tx.Rollbacks++
	return nil
}

// Ended reports the counts under the lock.
func (tx *Tx) Ended() (commits, rollbacks int, done bool) {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	return tx.Commits, tx.Rollbacks, tx.done
}
