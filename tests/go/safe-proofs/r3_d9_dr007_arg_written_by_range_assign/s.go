package r3d9dr007argwrittenbyrangeassign

var kept [2]int

func keep(a [2]int) { kept = a }

// Last records the last index of xs when it returns: the closure reads arr at
// the exit, after the range clause wrote arr[0].
func Last(xs []int) {
	arr := [2]int{}
	defer func() { keep(arr) }()
	for arr[0] = range xs {
	}
}
