package ctlzstaysinreturn

import (
	"errors"
	"fmt"
	"sync"
)

type Meta struct{ ID int }

type S struct {
	mu sync.Mutex
	m  map[string]int
}

// What stays in the return reads nothing the lock guards.
func (s *S) Find(k string, n int) (*Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k == "" {
		return nil, errors.New("empty key")
	}
	if _, ok := s.m[k]; !ok {
		return nil, fmt.Errorf("no %q (%d)", k, n)
	}
	m := Meta{ID: n}
	return &m, nil
}
