-- servers: 15 16 18
-- a sequence's owning table is dropped while the sequence moves to a new table: OWNED BY is released first, or
-- the drop would take the sequence with it
--- a
create sequence shared_ids;
create table old_items (id bigint default nextval('shared_ids') primary key);
alter sequence shared_ids owned by old_items.id;
create sequence swap_a_seq;
create sequence swap_b_seq;
create table swap_a (id bigint default nextval('swap_a_seq'));
create table swap_b (id bigint default nextval('swap_b_seq'));
alter sequence swap_a_seq owned by swap_a.id;
alter sequence swap_b_seq owned by swap_b.id;
--- b
create sequence shared_ids;
create table new_items (id bigint default nextval('shared_ids') primary key);
alter sequence shared_ids owned by new_items.id;
create sequence swap_a_seq;
create sequence swap_b_seq;
create table swap_a (id bigint default nextval('swap_a_seq'));
create table swap_b (id bigint default nextval('swap_b_seq'));
alter sequence swap_a_seq owned by swap_b.id;
alter sequence swap_b_seq owned by swap_a.id;
