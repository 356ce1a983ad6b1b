package r3d4fmtlogicalnamedbool

import (
	"fmt"
	"runtime"
	"sync"
)

// Flag is a named bool: `a && b` of two Flags is a Flag, with its String method.
type Flag bool

func (f Flag) String() string {
	if f {
		runtime.Goexit()
	}
	return "off"
}

type S struct {
	mu   sync.Mutex
	a, b Flag
	desc string
}

func (s *S) Describe() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.desc = fmt.Sprint(s.a && s.b)
}
