package r2c3fieldpathaliaswrite

import "sync"

type Node struct{ v int }

type Slot struct{ node *Node }

type Holder struct{ slot Slot }

type Cache struct {
	mu  sync.Mutex
	hit int
}

// Peek reads h.slot.node.v through a pointer to the slot, after h is reset.
func (c *Cache) Peek(h Holder) int {
	var t *Slot = &h.slot
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.node == nil {
		return 0
	}
	h = Holder{}
	return t.node.v
}
