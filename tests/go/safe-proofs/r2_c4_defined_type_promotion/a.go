package r2c4definedtypepromotion

import "sync"

type C struct{ v []int }

func (c C) M() int { return c.v[0] }

type B struct{ C }

// A is a defined type over B's struct: it keeps B's fields, so C.M is promoted
// to A at depth 1 (and to S at depth 2).
type A B

type Deep struct{}

func (Deep) M() int { return 1 }

type Mid2 struct{ Deep }
type Mid1 struct{ Mid2 }

type S struct {
	mu sync.Mutex
	A
	Mid1
}

func (s *S) Get() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.M()
}
