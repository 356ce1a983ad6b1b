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
	defer tx.Rollback()
	if n == 0 {
		return nil
	}
	if err := tx.Exec("debit"); err != nil {
		return err
	}
	if err := tx.Exec("credit"); err != nil {
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
	defer tx.Rollback()
	if name == "" {
		return 0, ErrEmpty
	}
	if err := tx.Exec("insert"); err != nil {
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
	defer tx.Rollback()
	if name == "" {
		return ErrEmpty
	}
	if err := tx.Exec("rename"); err != nil {
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
	defer tx.Rollback()
	if err := tx.Exec("count"); err != nil {
		return s.total, err
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
	defer tx.Rollback()
	if err = tx.Exec("delete"); err != nil {
		return
	}
	deleted = n
	if n < 0 {
		err = ErrEmpty
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
	defer tx.Rollback()
	if err := tx.Exec("touch"); err != nil {
		s.log = append(s.log, err.Error())
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
