-- servers: 15 16 18
-- sequence bounds narrowed below and above the current value: the value is moved into the new bounds first
--- a
create sequence low_seq;
select setval('low_seq', 5);
create sequence high_seq;
select setval('high_seq', 500);
--- b
create sequence low_seq minvalue 10 start 10;
create sequence high_seq maxvalue 100;
