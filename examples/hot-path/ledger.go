package hotpath

import (
	"errors"
	"sync"
)

// Errors of Ledger.Transfer.
var (
	ErrNoAccount = errors.New("hotpath: no such account")
	ErrFunds     = errors.New("hotpath: insufficient funds")
	ErrAmount    = errors.New("hotpath: amount must be positive")
	ErrFrozen    = errors.New("hotpath: ledger is frozen")
)

// Ledger holds account balances; a transfer is a small transaction: it checks
// both accounts and moves the amount, all under one lock, or changes nothing.
type Ledger struct {
	mu       sync.Mutex
	balances []int64 // indexed by account number
	frozen   bool
	seq      uint64 // transfers applied
}

// NewLedger returns a ledger of n accounts, each holding initial.
func NewLedger(n int, initial int64) *Ledger {
	l := &Ledger{balances: make([]int64, n)}
	for i := range l.balances {
		l.balances[i] = initial
	}
	return l
}

// Transfer moves amount from one account to another and returns the
// transfer's sequence number.
func (l *Ledger) Transfer(from, to int, amount int64) (uint64, error) {
	if amount <= 0 {
		return 0, ErrAmount
	}
	// The accounts are fixed when the ledger is made: find them before locking.
	if from < 0 || from >= len(l.balances) || to < 0 || to >= len(l.balances) {
		return 0, ErrNoAccount
	}
	src, dst := &l.balances[from], &l.balances[to]
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.frozen {
		return 0, ErrFrozen
	}
	if *src < amount {
		return 0, ErrFunds
	}
	*src -= amount
	*dst += amount
	l.seq++
	return l.seq, nil
}

// Balance returns the balance of an account.
func (l *Ledger) Balance(acct int) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if acct < 0 || acct >= len(l.balances) {
		return 0, ErrNoAccount
	}
	return l.balances[acct], nil
}

// Total returns the sum of all balances; transfers never change it.
func (l *Ledger) Total() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	var t int64
	for _, b := range l.balances {
		t += b
	}
	return t
}
