package txbehaviour

import "errors"

// ErrEmpty is returned for an empty name.
var ErrEmpty = errors.New("txbehaviour: empty name")

// Store runs its work in transactions.
type Store struct {
	db    *DB
	total int
	log   []string
}

// NewStore returns a Store over db.
func NewStore(db *DB) *Store { return &Store{db: db} }

// Transfer: an early `return nil` before Commit, error returns, `return tx.Commit()`.
func (s *Store) Transfer(n int) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	if n == 0 {
		// BROKEN on purpose: the early `return nil` before Commit leaks the
		// transaction; an if-err rewrite that rolls back only on error returns
		// would do this. scripts/tx-behaviour.sh asserts the tests catch it.
		return nil
	}
	if err := tx.Exec("debit"); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Exec("credit"); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Insert: `return id, tx.Commit()`.
func (s *Store) Insert(name string) (int, error) {
	tx, err := s.db.Begin()
	if err != nil {
		return 0, err
	}
	if name == "" {
		var ret error = ErrEmpty
		tx.Rollback()
		return 0, ret
	}
	if err := tx.Exec("insert"); err != nil {
		tx.Rollback()
		return 0, err
	}
	return len(name), tx.Commit()
}

// Rename: `if err := tx.Commit(); err != nil { return err }` and code after Commit.
func (s *Store) Rename(name string) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	if name == "" {
		var ret error = ErrEmpty
		tx.Rollback()
		return ret
	}
	if err := tx.Exec("rename"); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.log = append(s.log, name)
	return nil
}

// Count: `err = tx.Commit()` followed by more code; a result read from the Store.
func (s *Store) Count() (int, error) {
	tx, err := s.db.Begin()
	if err != nil {
		return 0, err
	}
	if err := tx.Exec("count"); err != nil {
		var ret int = s.total
		tx.Rollback()
		return ret, err
	}
	err = tx.Commit()
	s.total++
	return s.total, err
}

// Delete: named results, bare returns.
func (s *Store) Delete(n int) (deleted int, err error) {
	tx, err := s.db.Begin()
	if err != nil {
		return
	}
	if err = tx.Exec("delete"); err != nil {
		tx.Rollback()
		return
	}
	deleted = n
	if n < 0 {
		err = ErrEmpty
		tx.Rollback()
		return
	}
	err = tx.Commit()
	return
}

// Touch: no results; an early return, and the end of the body after Commit.
func (s *Store) Touch() {
	tx, err := s.db.Begin()
	if err != nil {
		return
	}
	if err := tx.Exec("touch"); err != nil {
		s.log = append(s.log, err.Error())
		tx.Rollback()
		return
	}
	tx.Commit()
}

// Maybe: Commit only in a branch. The if-err form cannot express it (DR002 leaves
// it); the flag form can.
func (s *Store) Maybe(commit bool) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.Exec("maybe"); err != nil {
		return err
	}
	if commit {
		err = tx.Commit()
	}
	return err
}
