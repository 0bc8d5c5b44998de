// SPDX-License-Identifier: GPL-2.0
/*
 * mhpbench native, the offline-online scenario: one existing memory
 * block, taken out of its state and put back. An online block (the host
 * picks removable ones, in ZONE_MOVABLE) is offlined, then onlined into
 * its zone again; an offline one is onlined movable, then offlined
 * again. Each write is timed. Whatever fails, the block ends in the
 * state it started in, or the reply says it did not (restored=0).
 *
 *   host:  CYCLE block=N
 *   guest: M block=N metric=offline_latency_us ...   DONE status=ok
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "blockstate.h"
#include "guest.h"

struct step {
	const char *verb;
	uint64_t us;
	int err;
};

static void state_write(long id, struct step *s)
{
	char path[96];
	uint64_t t0;

	snprintf(path, sizeof(path), MHP_SYS_MEMORY "/memory%ld/state", id);
	t0 = now_us();
	s->err = write_text(path, s->verb) ? errno : 0;
	s->us = now_us() - t0;
}

static void report(struct guest *g, long id, const char *what,
		   const struct step *s)
{
	char name[48];

	snprintf(name, sizeof(name), "%s_latency_us", what);
	if (!s->err)
		chan_metric(g, id, name, s->us, "us");
	snprintf(name, sizeof(name), "%s_errno", what);
	chan_metric(g, id, name, s->err, "errno");
}

int cycle_run(struct guest *g, const struct mhp_msg *m)
{
	struct step off = { .verb = "offline" };
	struct step on = { .verb = "online_movable" };
	struct mhp_block was, now;
	long long id;

	if (mhp_msg_get_ll(m, "block", &id) || id < 0)
		return chan_send(g, "DONE status=error reason=bad_CYCLE_arguments");
	if (mhp_block_read(MHP_SYS_MEMORY, id, &was))
		return chan_send(g, "DONE status=error reason=no_such_block");
	if (was.online) {
		on.verb = mhp_block_online_verb(&was);
		state_write(id, &off);
		if (!off.err)
			state_write(id, &on);
	} else {
		state_write(id, &on);
		if (!on.err)
			state_write(id, &off);
	}
	/* Back where it was, whatever failed above. */
	if (mhp_block_read(MHP_SYS_MEMORY, id, &now) == 0 &&
	    now.online != was.online) {
		struct step back = { .verb = was.online ? on.verb : "offline" };

		state_write(id, &back);
		mhp_block_read(MHP_SYS_MEMORY, id, &now);
	}
	report(g, id, "offline", &off);
	if (was.online ? !off.err : true)
		report(g, id, "online", &on);
	chan_metric(g, id, "was_online", was.online, "bool");
	chan_metric(g, id, "restored", now.online == was.online, "bool");
	return chan_send(g, "DONE status=ok");
}
