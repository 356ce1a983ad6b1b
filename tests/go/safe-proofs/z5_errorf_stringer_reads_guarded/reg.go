package z5errorfstringerreadsguarded

import (
	"fmt"
	"sync"
)

type Level int

// names is guarded by Reg.mu.
var names = map[Level]string{}

// String reads names: fmt.Errorf("%v", l) calls it, so the call must stay
// under the lock.
func (l Level) String() string { return names[l] }

type Reg struct {
	mu  sync.Mutex
	lvl Level
}

func (r *Reg) Set(l Level, name string) {
	r.mu.Lock()
	names[l] = name
	r.lvl = l
	r.mu.Unlock()
}

func (r *Reg) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.lvl
	return fmt.Errorf("level %v", l)
}
