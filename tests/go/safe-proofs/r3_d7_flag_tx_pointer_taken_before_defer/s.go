package r3d7flagtxpointertakenbeforedefer

import (
	"database/sql"
	"errors"
)

var errNo = errors.New("no")

// Run's deferred Rollback is bound to the transaction at the defer; the slot
// cur points to is cleared on failure (through a pointer taken before the defer).
func Run(db *sql.DB, fail bool) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	cur := &tx
	defer tx.Rollback()
	if fail {
		*cur = nil
		return errNo
	}
	return tx.Commit()
}
