package z6literalreadspkgvar

import "sync"

type Snap struct{ N int }

type C struct{ mu sync.Mutex }

// counter is guarded by C.mu.
var counter int

func (c *C) Inc() {
	c.mu.Lock()
	counter++
	c.mu.Unlock()
}

// Get's composite literal reads counter: it must be built before the unlock.
func (c *C) Get() Snap {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Snap{N: counter}
}
