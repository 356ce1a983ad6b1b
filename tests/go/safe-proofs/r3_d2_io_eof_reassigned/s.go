package r3d2ioeofreassigned

import (
	"io"
	"sync"
)

type S struct {
	mu  sync.Mutex
	err error
}

func (s *S) SetErr(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

func (s *S) AtEOF() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err == io.EOF
}
