package r2c4aliasembeddedpromotion

import "sync"

type B struct{ v []int }

func (b B) M() int { return b.v[0] }

// A is an alias: embedding A embeds B, whose M is at depth 1.
type A = B

type Deep struct{}

func (Deep) M() int { return 1 }

type Mid struct{ Deep }

type S struct {
	mu sync.Mutex
	A
	Mid
}

func (s *S) Get() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.M()
}
