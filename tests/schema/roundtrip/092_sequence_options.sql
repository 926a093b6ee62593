-- sequence options change
--- a
create sequence s start 1 increment 1 cache 1;
--- b
create sequence s as integer start 5 increment 2 minvalue 1 maxvalue 100000 cache 10 cycle;
