-- servers: 15 16 18
-- sequence bounds narrowed below and above the current value: the value is moved into the new bounds first; bounds
-- that leave out every old value (RESTART in the same ALTER), and data types widened and narrowed
--- a
create sequence low_seq;
select setval('low_seq', 5);
create sequence high_seq;
select setval('high_seq', 500);
create sequence moved_seq minvalue 10 maxvalue 100 start 10;
select setval('moved_seq', 90);
create sequence small_seq as smallint;
create sequence big_seq as bigint maxvalue 100000;
select setval('big_seq', 50000);
--- b
create sequence low_seq minvalue 10 start 10;
create sequence high_seq maxvalue 100;
create sequence moved_seq minvalue 200 maxvalue 1000 start 200;
create sequence small_seq as bigint maxvalue 100000;
create sequence big_seq as smallint;
