/* csvio.h - placeholder */
#ifndef MIP_CSVIO_H
#define MIP_CSVIO_H
#endif
