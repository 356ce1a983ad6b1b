package r3d6flagnamedresulttx

import (
	"database/sql"
	"errors"
)

var errNo = errors.New("no")

// Begin opens a transaction and commits it, unless fail: then the deferred
// Rollback (bound to the transaction at the defer) undoes it. The named result
// tx is set to nil by `return nil, errNo` before deferred calls run.
func Begin(db *sql.DB, fail bool) (tx *sql.Tx, err error) {
	tx, err = db.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if fail {
		return nil, errNo
	}
	err = tx.Commit()
	return tx, err
}
