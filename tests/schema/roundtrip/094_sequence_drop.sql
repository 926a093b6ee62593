-- a sequence is dropped
--- a
create sequence s;
--- b

